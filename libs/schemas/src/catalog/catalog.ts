/**
 * The system's Avro contracts as data: every `schemas/<family>/<Record>.v<N>.avsc`, the
 * records each topic carries (`schemas/topics.json`), and each version's schema expanded to
 * stand alone. Pure: `load-catalog.ts` reads the files.
 */

/** Avro schema JSON as written in the files. */
export type AvroSchema = string | AvroSchema[] | AvroNamed;

export interface AvroNamed {
  readonly type: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields?: readonly AvroField[];
  readonly symbols?: readonly string[];
  readonly items?: AvroSchema;
  readonly values?: AvroSchema;
  readonly logicalType?: string;
  readonly default?: unknown;
  readonly aliases?: readonly string[];
}

export interface AvroField {
  readonly name: string;
  readonly type: AvroSchema;
  readonly doc?: string;
  readonly default?: unknown;
  readonly aliases?: readonly string[];
}

/** One `.avsc` file. */
export interface SchemaFile {
  readonly family: string;
  /** Short record name, from the file name. */
  readonly record: string;
  readonly version: number;
  /** Full record name: namespace and name. */
  readonly fullName: string;
  readonly schema: AvroNamed;
}

/** One version of one record, expanded so that it names no type defined elsewhere. */
export interface CatalogEntry extends SchemaFile {
  readonly expanded: AvroNamed;
}

export interface Catalog {
  readonly entries: readonly CatalogEntry[];
  /** Topic → full names of the records it carries. */
  readonly topics: Readonly<Record<string, readonly string[]>>;
}

export class CatalogError extends Error {
  override readonly name = 'CatalogError';
}

const fileName = /^([A-Z][A-Za-z0-9]*)\.v([1-9][0-9]*)\.avsc$/;

/** Reads `Record.vN.avsc` into its parts, or explains why the name does not fit. */
export function parseSchemaFileName(name: string): { record: string; version: number } {
  const match = fileName.exec(name);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new CatalogError(
      `${name}: schema files are named <Record>.v<N>.avsc, e.g. SensorReading.v1.avsc`,
    );
  }
  return { record: match[1], version: Number(match[2]) };
}

export const namespaceOf = (family: string): string => `io.streamfold.${family}`;
export const shortName = (fullName: string): string => fullName.split('.').at(-1) ?? fullName;

const primitives = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

const isNamed = (schema: AvroSchema): schema is AvroNamed =>
  typeof schema === 'object' && !Array.isArray(schema);

function qualify(name: string, namespace: string | undefined): string {
  return name.includes('.') || namespace === undefined ? name : `${namespace}.${name}`;
}

/**
 * Every named type a schema defines, with its full name, and every name it refers to that it
 * does not define itself.
 */
export function namesIn(schema: AvroSchema): {
  defined: Map<string, AvroNamed>;
  referenced: Set<string>;
} {
  const defined = new Map<string, AvroNamed>();
  const referenced = new Set<string>();
  const walk = (s: AvroSchema, namespace: string | undefined): void => {
    if (typeof s === 'string') {
      if (!primitives.has(s)) referenced.add(qualify(s, namespace));
      return;
    }
    if (Array.isArray(s)) {
      for (const branch of s) walk(branch, namespace);
      return;
    }
    if (s.type === 'record' || s.type === 'enum' || s.type === 'fixed') {
      const full = qualify(s.name ?? '', s.namespace ?? namespace);
      defined.set(full, s);
      const inner = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : undefined;
      for (const field of s.fields ?? []) walk(field.type, inner);
      return;
    }
    if (s.type === 'array' && s.items !== undefined) walk(s.items, namespace);
    else if (s.type === 'map' && s.values !== undefined) walk(s.values, namespace);
    else if (!primitives.has(s.type)) referenced.add(qualify(s.type, namespace));
  };
  walk(schema, undefined);
  for (const name of defined.keys()) referenced.delete(name);
  return { defined, referenced };
}

/** A reference replaced by the full definition (at its first use; Avro allows one definition). */
function expand(schema: AvroNamed, lookup: (fullName: string) => AvroNamed): AvroNamed {
  const emitted = new Set<string>();
  const rewrite = (s: AvroSchema, namespace: string | undefined): AvroSchema => {
    if (typeof s === 'string') {
      if (primitives.has(s)) return s;
      const full = qualify(s, namespace);
      if (emitted.has(full)) return full;
      const definition = lookup(full);
      return rewrite(
        { ...definition, namespace: full.slice(0, full.lastIndexOf('.')), name: shortName(full) },
        undefined,
      );
    }
    if (Array.isArray(s)) return s.map((branch) => rewrite(branch, namespace));
    if (s.type === 'record' || s.type === 'enum' || s.type === 'fixed') {
      const full = qualify(s.name ?? '', s.namespace ?? namespace);
      emitted.add(full);
      const inner = full.slice(0, full.lastIndexOf('.'));
      if (s.fields === undefined) return s;
      return {
        ...s,
        fields: s.fields.map((field) => ({ ...field, type: rewrite(field.type, inner) })),
      };
    }
    if (s.type === 'array' && s.items !== undefined)
      return { ...s, items: rewrite(s.items, namespace) };
    if (s.type === 'map' && s.values !== undefined)
      return { ...s, values: rewrite(s.values, namespace) };
    return s;
  };
  const result = rewrite(schema, undefined);
  if (!isNamed(result)) throw new CatalogError('a record schema expanded to something else');
  return result;
}

/** Checks one file against the conventions, naming the file in every complaint. */
function checkFile(path: string, family: string, record: string, schema: unknown): AvroNamed {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new CatalogError(`${path}: a schema file holds one record schema (a JSON object)`);
  }
  const named = schema as AvroNamed;
  if (named.type !== 'record') throw new CatalogError(`${path}: "type" must be "record"`);
  if (named.name !== record)
    throw new CatalogError(`${path}: "name" must be "${record}", as the file is named`);
  if (named.namespace !== namespaceOf(family)) {
    throw new CatalogError(
      `${path}: "namespace" must be "${namespaceOf(family)}", after its folder`,
    );
  }
  return named;
}

export interface RawSchemaFile {
  /** Path relative to the schemas folder, for messages. */
  readonly path: string;
  readonly family: string;
  readonly fileName: string;
  readonly json: unknown;
}

/**
 * Builds the catalog: checks names, versions (1, 2, … without gaps) and references (each to a
 * record of another file, by full name; the newest version of it is inlined), and that every
 * record named by a topic exists.
 */
export function buildCatalog(raw: readonly RawSchemaFile[], topics: unknown): Catalog {
  const files: SchemaFile[] = raw.map(({ path, family, fileName: name, json }) => {
    const { record, version } = parseSchemaFileName(name);
    const schema = checkFile(path, family, record, json);
    return { family, record, version, fullName: `${namespaceOf(family)}.${record}`, schema };
  });
  const versions = new Map<string, SchemaFile[]>();
  for (const file of files)
    versions.set(file.fullName, [...(versions.get(file.fullName) ?? []), file]);
  for (const [fullName, list] of versions) {
    list.sort((a, b) => a.version - b.version);
    list.forEach((file, i) => {
      if (file.version !== i + 1) {
        throw new CatalogError(
          `${fullName}: versions must run 1, 2, 3… without gaps; found v${list.map((f) => f.version).join(', v')}`,
        );
      }
    });
  }
  const newest = (fullName: string, from: string): AvroNamed => {
    const list = versions.get(fullName);
    const last = list?.at(-1);
    if (last === undefined)
      throw new CatalogError(`${from} refers to ${fullName}, which no schema file defines`);
    return last.schema;
  };
  const entries = files
    .map((file) => ({
      ...file,
      expanded: expand(file.schema, (name) => newest(name, `${file.fullName} v${file.version}`)),
    }))
    .sort((a, b) => a.fullName.localeCompare(b.fullName) || a.version - b.version);
  return { entries, topics: checkTopics(topics, versions) };
}

function checkTopics(
  topics: unknown,
  versions: Map<string, SchemaFile[]>,
): Record<string, readonly string[]> {
  if (typeof topics !== 'object' || topics === null || Array.isArray(topics)) {
    throw new CatalogError(
      'topics.json: an object from topic name to the full names of its records',
    );
  }
  const result: Record<string, readonly string[]> = {};
  for (const [topic, records] of Object.entries(topics)) {
    if (
      !Array.isArray(records) ||
      records.length === 0 ||
      !records.every((r) => typeof r === 'string')
    ) {
      throw new CatalogError(`topics.json: "${topic}" must list the full names of its records`);
    }
    const names = records;
    for (const name of names) {
      if (!versions.has(name))
        throw new CatalogError(
          `topics.json: "${topic}" carries ${name}, which no schema file defines`,
        );
    }
    const shorts = names.map(shortName);
    const twice = shorts.find((s, i) => shorts.indexOf(s) !== i);
    if (twice !== undefined)
      throw new CatalogError(`topics.json: "${topic}" carries two records named ${twice}`);
    result[topic] = names;
  }
  return result;
}

/** The versions of one record, oldest first. */
export function versionsOf(catalog: Catalog, fullName: string): CatalogEntry[] {
  return catalog.entries.filter((entry) => entry.fullName === fullName);
}

/** The registry subject of a record on a topic (TopicRecordNameStrategy). */
export const subjectOf = (topic: string, fullName: string): string => `${topic}-${fullName}`;
