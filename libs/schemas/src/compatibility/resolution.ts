/**
 * Avro schema resolution (the specification's "Schema Resolution" section) as a list of
 * reasons why a reader schema cannot read data written with a writer schema, each naming the
 * field and the rule. Works on avsc's parsed types, so named references and aliases are
 * already resolved; avsc's own `createResolver` is the second opinion (see `check.ts`).
 */
import avro from 'avsc';

type Type = avro.Type;

export interface Incompatibility {
  /** Where, from the record down: `SensorReading.location.latitude`. */
  readonly path: string;
  /** The rule broken, in words a schema author acts on. */
  readonly rule: string;
  /** What was found. */
  readonly found: string;
  /** Set when the reader has a field the writer lacks, and no default for it. */
  readonly missingField?: string;
}

/** Avro's promotions: what a writer's primitive may be read as, besides itself. */
const promotions: Readonly<Record<string, readonly string[]>> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

const promotionRule =
  'a type may change only by a promotion Avro allows (int → long → float → double, string ↔ bytes)';

/** Logical types are read through their underlying type; only the latter decides resolution. */
function underlying(type: Type): Type {
  return type instanceof avro.types.LogicalType ? underlying(type.underlyingType) : type;
}

const isUnion = (type: Type): type is avro.types.UnwrappedUnionType | avro.types.WrappedUnionType =>
  type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType;

/** The short name (no namespace) of a named type, as Avro compares them. */
const shortName = (name: string | undefined): string => (name ?? '').split('.').at(-1) ?? '';

function describe(type: Type): string {
  const t = underlying(type);
  if (isUnion(t)) return `[${t.types.map(describe).join(', ')}]`;
  if (t.name !== undefined) return `${t.typeName} ${shortName(t.name)}`;
  if (t instanceof avro.types.ArrayType) return `array of ${describe(t.itemsType)}`;
  if (t instanceof avro.types.MapType) return `map of ${describe(t.valuesType as Type)}`;
  return t.typeName;
}

function namesMatch(reader: Type, writer: Type): boolean {
  const name = shortName(writer.name);
  return (
    shortName(reader.name) === name || (reader.aliases ?? []).some((a) => shortName(a) === name)
  );
}

/** Whether a writer branch resolves against the reader without any complaint. */
const resolves = (reader: Type, writer: Type): boolean =>
  resolutionProblems(reader, writer, '').length === 0;

/**
 * Every reason `reader` cannot read what `writer` wrote; empty when it can.
 * `path` names the place being compared, for the messages.
 */
export function resolutionProblems(
  readerType: Type,
  writerType: Type,
  path: string,
): Incompatibility[] {
  const reader = underlying(readerType);
  const writer = underlying(writerType);
  const at = path === '' ? describe(reader) : path;

  if (isUnion(writer)) {
    // Every branch the writer may have chosen must be readable.
    return writer.types.flatMap((branch) => resolutionProblems(reader, branch, path));
  }
  if (isUnion(reader)) {
    if (reader.types.some((branch) => resolves(branch, writer))) return [];
    return [
      {
        path: at,
        rule: 'a union read from a non-union must have a branch that reads the written type',
        found: `${describe(writer)} is written, but no branch of ${describe(reader)} reads it`,
      },
    ];
  }

  if (reader.typeName !== writer.typeName) {
    if (promotions[writer.typeName]?.includes(reader.typeName) === true) return [];
    return [
      {
        path: at,
        rule: promotionRule,
        found: `changed type from ${describe(writer)} to ${describe(reader)}, which Avro cannot promote`,
      },
    ];
  }

  if (reader instanceof avro.types.RecordType && writer instanceof avro.types.RecordType) {
    return recordProblems(reader, writer, path === '' ? shortName(reader.name) : path);
  }
  if (reader instanceof avro.types.EnumType && writer instanceof avro.types.EnumType) {
    if (!namesMatch(reader, writer)) return [renamed(at, reader, writer)];
    // An enum's default (Avro 1.9+) is what a reader takes for a symbol it does not know.
    // avsc keeps it as a property its typings do not declare.
    const fallback = (reader as { default?: unknown }).default;
    if (fallback !== undefined) return [];
    const unknown = writer.symbols.filter((symbol) => !reader.symbols.includes(symbol));
    return unknown.map((symbol) => ({
      path: at,
      rule: 'an enum symbol may be added or removed only if the enum has a default symbol',
      found: `symbol ${symbol} is written but the reader's ${describe(reader)} has neither it nor a default`,
    }));
  }
  if (reader instanceof avro.types.FixedType && writer instanceof avro.types.FixedType) {
    if (!namesMatch(reader, writer)) return [renamed(at, reader, writer)];
    if (reader.size === writer.size) return [];
    return [
      {
        path: at,
        rule: 'a fixed type keeps its size',
        found: `size changed from ${writer.size} to ${reader.size}`,
      },
    ];
  }
  if (reader instanceof avro.types.ArrayType && writer instanceof avro.types.ArrayType) {
    return resolutionProblems(reader.itemsType, writer.itemsType, `${path}[]`);
  }
  if (reader instanceof avro.types.MapType && writer instanceof avro.types.MapType) {
    return resolutionProblems(reader.valuesType as Type, writer.valuesType as Type, `${path}{}`);
  }
  return [];
}

function renamed(path: string, reader: Type, writer: Type): Incompatibility {
  return {
    path,
    rule: 'a named type keeps its name, or lists the old one in its aliases',
    found: `renamed from ${shortName(writer.name)} to ${shortName(reader.name)}`,
  };
}

function recordProblems(
  reader: avro.types.RecordType,
  writer: avro.types.RecordType,
  path: string,
): Incompatibility[] {
  if (!namesMatch(reader, writer)) return [renamed(path, reader, writer)];
  const problems: Incompatibility[] = [];
  for (const field of reader.fields) {
    const names = [field.name, ...field.aliases];
    const written = writer.fields.find((w) => names.includes(w.name));
    const fieldPath = `${path}.${field.name}`;
    if (written !== undefined) {
      problems.push(...resolutionProblems(field.type, written.type, fieldPath));
    } else if (field.defaultValue() === undefined) {
      problems.push({
        path: fieldPath,
        rule: 'a field may be added or removed only if it has a default',
        found: `field '${field.name}' is read but not written, and the reader gives it no default`,
        missingField: field.name,
      });
    }
  }
  return problems;
}
