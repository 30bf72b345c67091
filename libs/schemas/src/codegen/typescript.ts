/**
 * Avro schema (as parsed JSON) → TypeScript declarations. Pure: the CLI does the file I/O.
 * Covers what the project's schemas use: records, enums, arrays, maps, unions (a union with
 * null becomes `T | null`), named references and logical types (kept as their underlying
 * type, the logical type noted in the doc comment).
 */

import type { AvroNamed, AvroSchema } from '../catalog/catalog.js';

export type { AvroSchema };

/** How a reference by name to a type that the schema does not define itself is written. */
export type ReferTo = (name: string) => string;

const primitives: Record<string, string> = {
  null: 'null',
  boolean: 'boolean',
  int: 'number',
  long: 'number',
  float: 'number',
  double: 'number',
  bytes: 'Buffer',
  string: 'string',
};

const shortName = (name: string): string => name.split('.').at(-1) ?? name;

function typeOf(
  schema: AvroSchema,
  declare: (named: AvroNamed) => void,
  suffix: string,
  refer: ReferTo,
): string {
  if (typeof schema === 'string') {
    return primitives[schema] ?? refer(schema);
  }
  if (Array.isArray(schema)) {
    return schema.map((s) => typeOf(s, declare, suffix, refer)).join(' | ');
  }
  switch (schema.type) {
    case 'record':
    case 'enum':
      declare(schema);
      return `${shortName(schema.name ?? '')}${suffix}`;
    case 'array':
      return `${wrap(typeOf(schema.items ?? 'null', declare, suffix, refer))}[]`;
    case 'map':
      return `Record<string, ${typeOf(schema.values ?? 'null', declare, suffix, refer)}>`;
    case 'fixed':
      return 'Buffer';
    default:
      return typeOf(schema.type, declare, suffix, refer);
  }
}

const wrap = (t: string): string => (t.includes(' | ') ? `(${t})` : t);

function docComment(lines: (string | undefined)[], indent: string): string {
  const text = lines.filter((l): l is string => l !== undefined && l.length > 0);
  if (text.length === 0) return '';
  if (text.length === 1) return `${indent}/** ${text[0] ?? ''} */\n`;
  return `${indent}/**\n${text.map((l) => `${indent} * ${l}`).join('\n')}\n${indent} */\n`;
}

const logicalNote = (schema: AvroSchema): string | undefined =>
  typeof schema === 'object' && !Array.isArray(schema) && schema.logicalType !== undefined
    ? `Avro ${schema.type} with logical type ${schema.logicalType}.`
    : undefined;

/**
 * Declarations for one schema file. `suffix` (e.g. `V1`) keeps versions of one record apart,
 * and applies to the named types declared inside it.
 */
export function declarationsFor(
  schema: AvroSchema,
  suffix: string,
  refer: ReferTo = (name) => `${shortName(name)}${suffix}`,
): string {
  const out: string[] = [];
  const seen = new Set<string>();
  const declare = (named: AvroNamed): void => {
    const name = `${shortName(named.name ?? '')}${suffix}`;
    if (seen.has(name)) return;
    seen.add(name);
    if (named.type === 'enum') {
      const symbols = (named.symbols ?? []).map((s) => `'${s}'`).join(' | ');
      out.push(`${docComment([named.doc], '')}export type ${name} = ${symbols};\n`);
      return;
    }
    const fields = (named.fields ?? []).map((field) => {
      const type = typeOf(field.type, declare, suffix, refer);
      return `${docComment([field.doc, logicalNote(field.type)], '  ')}  ${field.name}: ${type};\n`;
    });
    out.push(`${docComment([named.doc], '')}export interface ${name} {\n${fields.join('')}}\n`);
  };
  typeOf(schema, declare, suffix, refer);
  return out.join('\n');
}
