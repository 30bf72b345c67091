/**
 * Encode and decode the records of one topic in the Confluent wire format, with Avro's
 * writer/reader resolution: a reader built with v2 reads v1 records (defaults filled in) and a
 * reader built with v1 reads v2 records (new fields skipped).
 */
import type avro from 'avsc';
import { avroType } from '../catalog/avro-type.js';
import { subjectOf } from '../catalog/catalog.js';
import {
  schemaCatalog,
  topicRecords,
  type TopicName,
  type TopicRecords,
} from '../generated/catalog.js';
import type { SchemaRegistryClient } from '../registry/client.js';
import { SerdeError } from './errors.js';
import { fromWireFormat, toWireFormat } from './wire-format.js';

/** A record of a topic: which one (its short name) and its value. */
export interface NamedRecord {
  readonly name: string;
  readonly value: unknown;
}

/** A decoded record, with the id of the schema it was written with. */
export type Decoded<R extends NamedRecord> = R & { readonly schemaId: number };

/** The schema of one record, as the codegen exports it. */
export interface RecordSchemaJson {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
}

const fullNameOf = (schema: { name?: unknown; namespace?: unknown }): string =>
  typeof schema.namespace === 'string'
    ? `${schema.namespace}.${String(schema.name)}`
    : String(schema.name);

interface Known {
  readonly name: string;
  readonly fullName: string;
  readonly schema: RecordSchemaJson;
  readonly type: avro.Type;
}

interface Reader {
  readonly name: string;
  readonly type: avro.Type;
  readonly resolver: avro.Resolver;
}

export class TopicSerde<R extends NamedRecord> {
  private readonly records = new Map<string, Known>();
  private readonly byFullName = new Map<string, Known>();
  private readonly writerIds = new Map<string, Promise<number>>();
  private readonly readers = new Map<number, Promise<Reader>>();

  /**
   * @param topic the topic's name on the cluster; subjects are `<topic>-<full record name>`.
   * @param schemas the one schema per record this build reads and writes.
   */
  constructor(
    private readonly registry: SchemaRegistryClient,
    readonly topic: string,
    schemas: readonly RecordSchemaJson[],
  ) {
    for (const schema of schemas) {
      const known = {
        name: schema.name,
        fullName: fullNameOf(schema),
        schema,
        type: avroType(schema),
      };
      this.records.set(known.name, known);
      this.byFullName.set(known.fullName, known);
    }
  }

  /** The record's bytes, written with this build's schema of it, which must be registered. */
  async encode(record: R): Promise<Buffer> {
    const known = this.records.get(record.name);
    if (known === undefined) {
      throw new SerdeError('invalid-value', `${this.topic} carries no record named ${record.name}`);
    }
    const problems: string[] = [];
    const valid = known.type.isValid(record.value, {
      errorHook: (path, value) =>
        problems.push(`${path.join('.') || '(the value)'} = ${JSON.stringify(value)}`),
    });
    if (!valid) {
      throw new SerdeError(
        'invalid-value',
        `${record.name} does not fit its schema: ${problems.join(', ')}`,
      );
    }
    const id = await this.writerId(known);
    return toWireFormat(id, known.type.toBuffer(record.value));
  }

  /** The record the bytes hold, read as this build's schema of it. */
  async decode(bytes: Buffer | null): Promise<Decoded<R>> {
    const { schemaId, body } = fromWireFormat(bytes);
    const reader = await this.readerFor(schemaId);
    let value: unknown;
    try {
      value = reader.type.fromBuffer(body, reader.resolver);
    } catch (error) {
      throw new SerdeError(
        'malformed',
        `the body does not decode with schema ${schemaId} (${reader.name}): ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    return { name: reader.name, value, schemaId } as unknown as Decoded<R>;
  }

  private writerId(known: Known): Promise<number> {
    return this.cached(this.writerIds, known.name, async () => {
      const subject = subjectOf(this.topic, known.fullName);
      const found = await this.registry.lookup(subject, known.schema);
      if (found === undefined) {
        throw new SerdeError(
          'not-registered',
          `${subject} does not hold this build's ${known.name} schema: run \`npm run schemas:register\``,
        );
      }
      return found.id;
    });
  }

  private readerFor(schemaId: number): Promise<Reader> {
    return this.cached(this.readers, schemaId, async () => {
      const writer = await this.registry.schemaById(schemaId);
      if (writer === undefined) {
        throw new SerdeError(
          'unknown-schema-id',
          `the registry knows no schema with id ${schemaId}`,
        );
      }
      const writerName = fullNameOf(writer);
      const known = this.byFullName.get(writerName);
      if (known === undefined) {
        throw new SerdeError(
          'schema-mismatch',
          `schema ${schemaId} is ${writerName}, which ${this.topic} does not carry (it carries ${[...this.byFullName.keys()].join(', ')})`,
        );
      }
      try {
        return {
          name: known.name,
          type: known.type,
          resolver: known.type.createResolver(avroType(writer)),
        };
      } catch (error) {
        throw new SerdeError(
          'schema-mismatch',
          `${known.name} as written with schema ${schemaId} cannot be read as this build's: ${error instanceof Error ? error.message : String(error)}`,
          error,
        );
      }
    });
  }

  /** One lookup per key at a time; a failure is not remembered, so the next call tries again. */
  private cached<K, V>(cache: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const loading = load();
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
    return loading;
  }
}

/**
 * The serde of a system topic with this build's newest schemas.
 * @param topicName the topic's name on the cluster, when not the logical one.
 */
export function serdeFor<T extends TopicName>(
  registry: SchemaRegistryClient,
  topic: T,
  topicName: string = topic,
): TopicSerde<TopicRecords[T]> {
  const schemas = topicRecords[topic].map((record: string) => {
    const newest = schemaCatalog.filter((s) => s.name === record).at(-1);
    if (newest === undefined) throw new Error(`no schema of ${record} in the catalog`);
    return newest.schema;
  });
  return new TopicSerde<TopicRecords[T]>(registry, topicName, schemas);
}
