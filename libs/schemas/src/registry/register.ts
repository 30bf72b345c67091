import { subjectCompatibility, type CompatibilityLevel } from '../compatibility/check.js';
import type { SchemaRegistryClient } from './client.js';
import type { SubjectVersions } from './subjects.js';

export interface RegisteredSubject {
  readonly subject: string;
  readonly level: CompatibilityLevel;
  /** Version in the catalog → the registry's schema id. */
  readonly ids: readonly { readonly version: number; readonly id: number }[];
}

/**
 * Registers every version of every subject, oldest first, after setting the subject's
 * compatibility level, so that the registry itself refuses a version that breaks it.
 * Idempotent: a version already registered keeps its id.
 */
export async function registerSubjects(
  registry: SchemaRegistryClient,
  subjects: readonly SubjectVersions[],
  level: CompatibilityLevel = subjectCompatibility,
): Promise<RegisteredSubject[]> {
  const registered: RegisteredSubject[] = [];
  for (const { subject, versions } of subjects) {
    if ((await registry.compatibilityOf(subject)) !== level) {
      await registry.setCompatibility(subject, level);
    }
    const ids: { version: number; id: number }[] = [];
    for (const { version, schema } of versions) {
      ids.push({ version, id: await registry.register(subject, schema) });
    }
    registered.push({ subject, level, ids });
  }
  return registered;
}

export interface RegistryRefusal {
  readonly subject: string;
  readonly version: number;
  readonly message: string;
}

/**
 * Asks the registry whether it would accept each version a subject does not hold yet. Only
 * versions the registry would refuse come back; a subject with no history accepts anything.
 */
export async function checkWithRegistry(
  registry: SchemaRegistryClient,
  subjects: readonly SubjectVersions[],
  level: CompatibilityLevel = subjectCompatibility,
): Promise<{ refusals: RegistryRefusal[]; warnings: string[] }> {
  const refusals: RegistryRefusal[] = [];
  const warnings: string[] = [];
  for (const { subject, versions } of subjects) {
    const current = await registry.compatibilityOf(subject);
    if (current !== undefined && current !== level) {
      warnings.push(
        `${subject}: the registry holds it to ${current}; schemas:register sets ${level}`,
      );
    }
    for (const { version, schema } of versions) {
      if ((await registry.lookup(subject, schema)) !== undefined) continue;
      const answer = await registry.isCompatible(subject, schema);
      if (answer.compatible) continue;
      const why = answer.messages.length > 0 ? `: ${answer.messages.join('; ')}` : '';
      refusals.push({
        subject,
        version,
        message: `${subject}: the registry refuses v${version} as not compatible with the versions it holds (${current ?? 'its global level'})${why}`,
      });
    }
  }
  return { refusals, warnings };
}
