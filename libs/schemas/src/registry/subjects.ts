/**
 * The registry's view of the catalog: one subject per record per topic
 * (TopicRecordNameStrategy, `<topic>-<full record name>`), its versions oldest first.
 */
import { subjectOf } from '../catalog/catalog.js';

export interface VersionedRecordSchema {
  readonly name: string;
  readonly version: number;
  readonly schema: object;
}

export interface SubjectVersions {
  readonly subject: string;
  readonly topic: string;
  /** Full record name. */
  readonly record: string;
  readonly versions: readonly { readonly version: number; readonly schema: object }[];
}

export interface SubjectsOptions {
  /**
   * The topic's name on the cluster, when it is not the logical one (a prefix per
   * environment, a fresh topic per test).
   */
  readonly topicName?: (topic: string) => string;
}

export function subjectsOf(
  topics: Readonly<Record<string, readonly string[]>>,
  schemas: readonly VersionedRecordSchema[],
  options: SubjectsOptions = {},
): SubjectVersions[] {
  const rename = options.topicName ?? ((topic: string) => topic);
  return Object.entries(topics).flatMap(([logical, records]) =>
    records.map((record) => {
      const topic = rename(logical);
      const versions = schemas
        .filter((s) => s.name === record)
        .sort((a, b) => a.version - b.version)
        .map(({ version, schema }) => ({ version, schema }));
      return { subject: subjectOf(topic, record), topic, record, versions };
    }),
  );
}
