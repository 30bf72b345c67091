import confluent from '@kafkajs/confluent-schema-registry';
import { StreamfoldError } from '@streamfold/kafka';

const { SchemaRegistry, SchemaType, COMPATIBILITY } = confluent;

export interface SchemaRegistryConfig {
  /** Base URL of a Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  url: string;
  auth?: { username: string; password: string };
  /** Per request. */
  timeoutMs?: number;
}

/** A named Avro record schema, as the codegen exports it. */
export interface RecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace: string;
}

/**
 * The registry subject of a record on a topic (TopicRecordNameStrategy): several record
 * types share one topic, each evolving under its own subject.
 */
export const subjectFor = (topic: string, schema: RecordSchema): string =>
  `${topic}-${schema.namespace}.${schema.name}`;

/**
 * Talks to a Confluent-compatible schema registry (Confluent Schema Registry, or Apicurio's
 * ccompat API) and encodes/decodes the Confluent wire format: magic byte 0, a 4-byte schema
 * id, then the Avro binary.
 */
export class SchemaRegistryClient {
  private readonly registry: InstanceType<typeof SchemaRegistry>;

  constructor(private readonly config: SchemaRegistryConfig) {
    this.registry = new SchemaRegistry({
      host: config.url,
      ...(config.auth === undefined ? {} : { auth: config.auth }),
      retry: { retries: 2 },
    });
  }

  /** Answers when the registry serves its API; throws a retriable error otherwise. */
  async ping(): Promise<void> {
    const url = `${this.config.url.replace(/\/$/, '')}/subjects`;
    let response: Response;
    try {
      response = await fetch(url, {
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 5_000),
        headers: this.authHeaders(),
      });
    } catch (error) {
      throw new StreamfoldError(
        'REGISTRY_UNAVAILABLE',
        `schema registry at ${url} does not answer`,
        {
          retriable: true,
          cause: error,
        },
      );
    }
    if (!response.ok) {
      throw new StreamfoldError(
        'REGISTRY_UNAVAILABLE',
        `schema registry at ${url} answered ${response.status}`,
        {
          retriable: true,
        },
      );
    }
  }

  /**
   * Registers a schema under the subject of its topic, idempotently (the same schema gets its
   * existing id), with the subject held to BACKWARD_TRANSITIVE compatibility.
   */
  async register(topic: string, schema: RecordSchema): Promise<{ subject: string; id: number }> {
    const subject = subjectFor(topic, schema);
    try {
      const { id } = await this.registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
        { subject, compatibility: COMPATIBILITY.BACKWARD_TRANSITIVE },
      );
      return { subject, id };
    } catch (error) {
      throw this.failure(`register ${subject}`, error);
    }
  }

  async encode(schemaId: number, value: unknown): Promise<Buffer> {
    try {
      return await this.registry.encode(schemaId, value);
    } catch (error) {
      throw this.failure(`encode with schema ${schemaId}`, error);
    }
  }

  /** Decodes Confluent wire format with the writer's schema; the caller narrows the result. */
  async decode(bytes: Buffer): Promise<unknown> {
    if (bytes.length < 5 || bytes[0] !== 0) {
      throw new StreamfoldError(
        'SERDE',
        'not Confluent wire format: no magic byte 0 and schema id',
        {
          retriable: false,
        },
      );
    }
    try {
      return (await this.registry.decode(bytes)) as unknown;
    } catch (error) {
      throw this.failure('decode', error);
    }
  }

  private authHeaders(): Record<string, string> {
    const auth = this.config.auth;
    if (auth === undefined) return {};
    return {
      authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
    };
  }

  private failure(context: string, error: unknown): StreamfoldError {
    if (error instanceof StreamfoldError) return error;
    const message = error instanceof Error ? error.message : String(error);
    const status = (error as { status?: unknown }).status;
    // No HTTP status means the registry was not reached at all.
    if (typeof status !== 'number' || status >= 500) {
      return new StreamfoldError('REGISTRY_UNAVAILABLE', `${context}: ${message}`, {
        retriable: true,
        cause: error,
      });
    }
    return new StreamfoldError('REGISTRY_REJECTED', `${context}: ${message}`, {
      retriable: false,
      cause: error,
    });
  }
}
