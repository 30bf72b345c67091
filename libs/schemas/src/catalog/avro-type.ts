import avro from 'avsc';

/**
 * An Avro schema as avsc's type, parsed the one way the system uses everywhere: unions
 * unwrapped, so that values are the plain shapes the generated types describe.
 */
export const avroType = (schema: object): avro.Type =>
  avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false });
