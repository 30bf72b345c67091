/**
 * A client of the Confluent Schema Registry REST API, and of nothing else, so it works against
 * Confluent Schema Registry and Apicurio's ccompat API alike. Only the calls the system needs.
 */
import { StreamfoldError } from '@streamfold/kafka';
import type { CompatibilityLevel } from '../compatibility/check.js';

export interface SchemaRegistryConfig {
  /** Base URL of a Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  url: string;
  auth?: { username: string; password: string };
  /** Per request. */
  timeoutMs?: number;
}

/** A schema as the registry holds it: Avro schema JSON. */
export type RegistrySchema = object;

export interface CompatibilityAnswer {
  readonly compatible: boolean;
  /** Why not, when the registry says (Confluent's `verbose=true`; Apicurio gives none). */
  readonly messages: readonly string[];
}

// Confluent's error codes, which Apicurio's ccompat API answers too.
const subjectNotFound = 40401;
const versionNotFound = 40402;
const schemaNotFound = 40403;

const contentType = 'application/vnd.schemaregistry.v1+json';

interface Answer {
  status: number;
  body: unknown;
}

const errorCodeOf = (body: unknown): number | undefined => {
  const code = (body as { error_code?: unknown } | null)?.error_code;
  return typeof code === 'number' ? code : undefined;
};

const messageOf = (body: unknown): string => {
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : JSON.stringify(body);
};

export class SchemaRegistryClient {
  /** The API's base URL, without a trailing slash. */
  readonly url: string;

  constructor(private readonly config: SchemaRegistryConfig) {
    this.url = config.url.replace(/\/+$/, '');
  }

  /** Answers when the registry serves its API; throws a retriable error otherwise. */
  async ping(): Promise<void> {
    await this.call('GET', '/subjects', undefined, 'list subjects');
  }

  /** The subject's own compatibility level; undefined when it has none (the global one applies). */
  async compatibilityOf(subject: string): Promise<CompatibilityLevel | undefined> {
    const answer = await this.call(
      'GET',
      `/config/${enc(subject)}`,
      undefined,
      `read ${subject}'s compatibility`,
      [subjectNotFound],
    );
    if (answer.status === 404) return undefined;
    const body = answer.body as {
      compatibilityLevel?: CompatibilityLevel;
      compatibility?: CompatibilityLevel;
    };
    return body.compatibilityLevel ?? body.compatibility;
  }

  async setCompatibility(subject: string, level: CompatibilityLevel): Promise<void> {
    await this.call(
      'PUT',
      `/config/${enc(subject)}`,
      { compatibility: level },
      `set ${subject}'s compatibility`,
    );
  }

  /**
   * Registers a schema under a subject and answers its id. Idempotent: a schema the subject
   * already holds keeps its id and version. An incompatible schema is refused (REGISTRY_REJECTED).
   */
  async register(subject: string, schema: RegistrySchema): Promise<number> {
    const answer = await this.call(
      'POST',
      `/subjects/${enc(subject)}/versions`,
      { schemaType: 'AVRO', schema: JSON.stringify(schema) },
      `register a version of ${subject}`,
    );
    return (answer.body as { id: number }).id;
  }

  /** The id and version under which the subject holds this schema, if it does. */
  async lookup(
    subject: string,
    schema: RegistrySchema,
  ): Promise<{ id: number; version: number } | undefined> {
    const answer = await this.call(
      'POST',
      `/subjects/${enc(subject)}`,
      { schemaType: 'AVRO', schema: JSON.stringify(schema) },
      `look up a schema of ${subject}`,
      [subjectNotFound, schemaNotFound],
    );
    if (answer.status === 404) return undefined;
    const { id, version } = answer.body as { id: number; version: number };
    return { id, version };
  }

  /** The registered versions of a subject; empty when it has none. */
  async versions(subject: string): Promise<number[]> {
    const answer = await this.call(
      'GET',
      `/subjects/${enc(subject)}/versions`,
      undefined,
      `list ${subject}`,
      [subjectNotFound],
    );
    return answer.status === 404 ? [] : (answer.body as number[]);
  }

  /** The schema with this id; undefined when the registry knows no such id. */
  async schemaById(id: number): Promise<RegistrySchema | undefined> {
    const answer = await this.call('GET', `/schemas/ids/${id}`, undefined, `fetch schema ${id}`, [
      schemaNotFound,
    ]);
    if (answer.status === 404) return undefined;
    return JSON.parse((answer.body as { schema: string }).schema) as RegistrySchema;
  }

  /**
   * Whether the subject would accept this schema as its next version, under its own level
   * (transitive levels compare with every registered version). A subject with no versions
   * accepts anything.
   */
  async isCompatible(subject: string, schema: RegistrySchema): Promise<CompatibilityAnswer> {
    const answer = await this.call(
      'POST',
      `/compatibility/subjects/${enc(subject)}/versions/latest?verbose=true`,
      { schemaType: 'AVRO', schema: JSON.stringify(schema) },
      `check ${subject}'s compatibility`,
      [subjectNotFound, versionNotFound],
    );
    if (answer.status === 404) return { compatible: true, messages: [] };
    const body = answer.body as { is_compatible: boolean; messages?: unknown };
    const messages = Array.isArray(body.messages) ? body.messages.map(String) : [];
    return { compatible: body.is_compatible, messages };
  }

  /**
   * One request. Not reached, a timeout or a 5xx is REGISTRY_UNAVAILABLE (retriable); any other
   * refusal is REGISTRY_REJECTED, with the registry's message. `absent` lists the error codes
   * a caller takes as "not there" rather than as a failure.
   */
  private async call(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    what: string,
    absent: readonly number[] = [],
  ): Promise<Answer> {
    const url = `${this.url}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
        headers: {
          accept: contentType,
          ...(body === undefined ? {} : { 'content-type': contentType }),
          ...this.authHeaders(),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new StreamfoldError(
        'REGISTRY_UNAVAILABLE',
        `${what}: schema registry at ${this.url} does not answer`,
        {
          retriable: true,
          cause: error,
        },
      );
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // A proxy's HTML error page, say: keep the text for the message.
    }
    if (response.ok) return { status: response.status, body: parsed };
    if (response.status === 404 && absent.includes(errorCodeOf(parsed) ?? -1)) {
      return { status: 404, body: parsed };
    }
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      throw new StreamfoldError(
        'REGISTRY_UNAVAILABLE',
        `${what}: schema registry at ${this.url} answered ${response.status}: ${messageOf(parsed)}`,
        { retriable: true },
      );
    }
    throw new StreamfoldError(
      'REGISTRY_REJECTED',
      `${what}: schema registry answered ${response.status}: ${messageOf(parsed)}`,
      { retriable: false },
    );
  }

  private authHeaders(): Record<string, string> {
    const auth = this.config.auth;
    if (auth === undefined) return {};
    return {
      authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
    };
  }
}

const enc = encodeURIComponent;
