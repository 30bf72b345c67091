/**
 * The compatibility gate: each version of a subject against the versions before it, under
 * the subject's compatibility level, in both the directions the level asks for.
 */
import type avro from 'avsc';
import { avroType } from '../catalog/avro-type.js';
import { subjectOf, versionsOf, type AvroNamed, type Catalog } from '../catalog/catalog.js';
import { resolutionProblems, type Incompatibility } from './resolution.js';

/** The Confluent compatibility levels (Apicurio's ccompat API speaks the same names). */
export const compatibilityLevels = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof compatibilityLevels)[number];

/**
 * Every subject's level. FULL_TRANSITIVE: new readers read every old record (events are kept
 * forever and replayed) and old readers read every new record (a producer may be upgraded
 * before its consumers). docs/decisions/0005-full-transitive-compatibility.md.
 */
export const subjectCompatibility: CompatibilityLevel = 'FULL_TRANSITIVE';

export interface SchemaVersion {
  readonly version: number;
  readonly schema: AvroNamed;
}

export interface Refusal {
  readonly subject: string;
  readonly version: number;
  readonly against: number;
  readonly path: string;
  readonly rule: string;
  /** The whole sentence, naming subject, versions, field and rule. */
  readonly message: string;
}

function directionsOf(level: CompatibilityLevel): { backward: boolean; forward: boolean } {
  return {
    backward: level.startsWith('BACKWARD') || level.startsWith('FULL'),
    forward: level.startsWith('FORWARD') || level.startsWith('FULL'),
  };
}

/** The earlier versions a level compares a new one with: all of them, or the last. */
function comparedWith(
  level: CompatibilityLevel,
  earlier: readonly SchemaVersion[],
): SchemaVersion[] {
  if (level === 'NONE') return [];
  return level.endsWith('_TRANSITIVE') ? [...earlier] : earlier.slice(-1);
}

/** Why `reader` cannot read `writer`'s records: ours first, avsc's resolver as a second opinion. */
function problems(reader: avro.Type, writer: avro.Type): Incompatibility[] {
  const ours = resolutionProblems(reader, writer, '');
  if (ours.length > 0) return ours;
  try {
    reader.createResolver(writer);
    return [];
  } catch (error) {
    const found = error instanceof Error ? error.message : String(error);
    return [{ path: reader.name ?? '', rule: 'Avro schema resolution', found }];
  }
}

/** Checks one version against the earlier versions of its subject. */
export function checkVersion(
  subject: string,
  candidate: SchemaVersion,
  earlier: readonly SchemaVersion[],
  level: CompatibilityLevel = subjectCompatibility,
): Refusal[] {
  const { backward, forward } = directionsOf(level);
  const next = avroType(candidate.schema);
  const refusals: Refusal[] = [];
  for (const old of comparedWith(level, earlier)) {
    const previous = avroType(old.schema);
    const refuse = (found: Incompatibility, what: string, readers: string): Refusal => ({
      subject,
      version: candidate.version,
      against: old.version,
      path: found.path,
      rule: found.rule,
      message:
        `${subject}: v${candidate.version} is incompatible with v${old.version} (${level}): ` +
        `${found.path}: ${what}; ${readers}. Rule: ${found.rule}.`,
    });
    const n = `v${candidate.version}`;
    const o = `v${old.version}`;
    if (backward) {
      for (const p of problems(next, previous)) {
        const what =
          p.missingField === undefined
            ? p.found
            : `field '${p.missingField}' was added in ${n} without a default`;
        refusals.push(refuse(p, what, `${n} readers could not read ${o} records`));
      }
    }
    if (forward) {
      for (const p of problems(previous, next)) {
        const what =
          p.missingField === undefined
            ? p.found
            : `field '${p.missingField}' was removed in ${n} but has no default in ${o}`;
        refusals.push(refuse(p, what, `${o} readers could not read ${n} records`));
      }
    }
  }
  return refusals;
}

/** Every version of every subject of the catalog, each against those before it. */
export function checkCatalog(
  catalog: Catalog,
  level: CompatibilityLevel = subjectCompatibility,
): { subjects: string[]; refusals: Refusal[] } {
  const subjects: string[] = [];
  const refusals: Refusal[] = [];
  for (const [topic, records] of Object.entries(catalog.topics)) {
    for (const record of records) {
      const subject = subjectOf(topic, record);
      subjects.push(subject);
      const versions = versionsOf(catalog, record).map((e) => ({
        version: e.version,
        schema: e.expanded,
      }));
      versions.forEach((candidate, i) => {
        refusals.push(...checkVersion(subject, candidate, versions.slice(0, i), level));
      });
    }
  }
  return { subjects: subjects.sort(), refusals };
}
