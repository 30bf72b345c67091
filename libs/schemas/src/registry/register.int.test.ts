import { StreamfoldError } from '@streamfold/kafka';
import { testRegistry, uniqueName } from '@streamfold/testing';
import { describe, expect, it } from 'vitest';
import type { AvroField, AvroNamed } from '../catalog/catalog.js';
import { SensorReadingV1Schema, SensorReadingV2Schema } from '../generated/index.js';
import { systemSubjects } from '../init.js';
import { checkWithRegistry, registerSubjects } from './register.js';
import { subjectsOf, type SubjectVersions } from './subjects.js';

const registry = testRegistry();

/** The system's subjects, on topics of their own so tests never share a subject. */
function freshSubjects(): SubjectVersions[] {
  const prefix = uniqueName('t');
  return systemSubjects().map((s) => {
    const topic = `${prefix}.${s.topic}`;
    return { ...s, topic, subject: `${topic}-${s.record}` };
  });
}

const v1 = SensorReadingV1Schema as unknown as AvroNamed;
const fields = v1.fields ?? [];
const withFields = (changed: AvroField[]): AvroNamed => ({ ...v1, fields: changed });
const unitRemoved = withFields(fields.filter((f) => f.name !== 'unit'));
const valueAsText = withFields(
  fields.map((f) => (f.name === 'value' ? { ...f, type: 'string' } : f)),
);

describe('registering the catalog', () => {
  it('registers every subject with its versions and FULL_TRANSITIVE, and again with the same ids', async () => {
    const subjects = freshSubjects();

    const first = await registerSubjects(registry, subjects);
    const second = await registerSubjects(registry, subjects);

    expect(first).toHaveLength(14);
    expect(second).toEqual(first);
    const reading = first.find((r) => r.subject.endsWith('-io.streamfold.telemetry.SensorReading'));
    expect(reading?.ids.map((i) => i.version)).toEqual([1, 2]);
    for (const { subject } of first) {
      expect(await registry.compatibilityOf(subject)).toBe('FULL_TRANSITIVE');
      expect(await registry.versions(subject)).toEqual(
        subjects.find((s) => s.subject === subject)?.versions.map((_, i) => i + 1),
      );
    }
    expect(await checkWithRegistry(registry, subjects)).toEqual({ refusals: [], warnings: [] });
  });

  it.each([
    ['removing a field without a default', unitRemoved],
    ['changing a field’s type', valueAsText],
  ])('is refused by the registry for %s, before and at registration', async (_what, broken) => {
    const topic = uniqueName('telemetry.readings');
    const reading = (extra: AvroNamed[]) =>
      subjectsOf(
        { [topic]: ['io.streamfold.telemetry.SensorReading'] },
        [SensorReadingV1Schema, SensorReadingV2Schema, ...extra].map((schema, i) => ({
          name: 'io.streamfold.telemetry.SensorReading',
          version: i + 1,
          schema,
        })),
      );
    await registerSubjects(registry, reading([]));

    const { refusals } = await checkWithRegistry(registry, reading([broken]));
    expect(refusals).toEqual([
      {
        subject: `${topic}-io.streamfold.telemetry.SensorReading`,
        version: 3,
        message: `${topic}-io.streamfold.telemetry.SensorReading: the registry refuses v3 as not compatible with the versions it holds (FULL_TRANSITIVE)`,
      },
    ]);

    const failure = await registerSubjects(registry, reading([broken])).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StreamfoldError);
    expect(failure).toMatchObject({ code: 'REGISTRY_REJECTED', retriable: false });
    expect(await registry.versions(`${topic}-io.streamfold.telemetry.SensorReading`)).toEqual([
      1, 2,
    ]);
  });

  it('warns when a subject is held to another level than ours', async () => {
    const [subject] = freshSubjects();
    if (subject === undefined) throw new Error('no subjects');
    await registry.setCompatibility(subject.subject, 'BACKWARD');

    const { warnings } = await checkWithRegistry(registry, [subject]);

    expect(warnings).toEqual([
      `${subject.subject}: the registry holds it to BACKWARD; schemas:register sets FULL_TRANSITIVE`,
    ]);
    await registerSubjects(registry, [subject]);
    expect(await registry.compatibilityOf(subject.subject)).toBe('FULL_TRANSITIVE');
  });
});
