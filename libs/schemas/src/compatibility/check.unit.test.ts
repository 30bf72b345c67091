import { describe, expect, it } from 'vitest';
import { avroType } from '../catalog/avro-type.js';
import type { AvroField, AvroNamed } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { checkCatalog, checkVersion, type SchemaVersion } from './check.js';
import { resolutionProblems } from './resolution.js';

const subject = 'telemetry.readings-io.streamfold.telemetry.Reading';

const reading = (fields: AvroField[]): AvroNamed => ({
  type: 'record',
  name: 'Reading',
  namespace: 'io.streamfold.telemetry',
  fields,
});

const v1 = reading([
  { name: 'deviceId', type: 'string' },
  { name: 'value', type: 'double' },
  { name: 'unit', type: 'string' },
  { name: 'seq', type: 'int' },
]);

const versions = (...schemas: AvroNamed[]): SchemaVersion[] =>
  schemas.map((schema, i) => ({ version: i + 1, schema }));

/** The messages refusing the last of `schemas` after the others. */
function refusalsOf(schemas: AvroNamed[], level?: Parameters<typeof checkVersion>[3]): string[] {
  const all = versions(...schemas);
  const last = all.at(-1);
  if (last === undefined) throw new Error('no schema');
  return checkVersion(subject, last, all.slice(0, -1), level).map((r) => r.message);
}

const without = (name: string) => (v1.fields ?? []).filter((f) => f.name !== name);
const replacing = (name: string, field: Partial<AvroField>) =>
  (v1.fields ?? []).map((f) => (f.name === name ? { ...f, ...field } : f));

describe('the compatibility gate (FULL_TRANSITIVE)', () => {
  it('refuses removing a field that has no default, naming subject, field and rule', () => {
    expect(refusalsOf([v1, reading(without('unit'))])).toEqual([
      `${subject}: v2 is incompatible with v1 (FULL_TRANSITIVE): Reading.unit: field 'unit' was removed in v2 ` +
        'but has no default in v1; v1 readers could not read v2 records. ' +
        'Rule: a field may be added or removed only if it has a default.',
    ]);
  });

  it("refuses changing a field's type, in both directions", () => {
    expect(refusalsOf([v1, reading(replacing('value', { type: 'string' }))])).toEqual([
      `${subject}: v2 is incompatible with v1 (FULL_TRANSITIVE): Reading.value: changed type from double ` +
        'to string, which Avro cannot promote; v2 readers could not read v1 records. ' +
        'Rule: a type may change only by a promotion Avro allows (int → long → float → double, string ↔ bytes).',
      `${subject}: v2 is incompatible with v1 (FULL_TRANSITIVE): Reading.value: changed type from string ` +
        'to double, which Avro cannot promote; v1 readers could not read v2 records. ' +
        'Rule: a type may change only by a promotion Avro allows (int → long → float → double, string ↔ bytes).',
    ]);
  });

  it('refuses adding a field without a default', () => {
    expect(
      refusalsOf([v1, reading([...(v1.fields ?? []), { name: 'site', type: 'string' }])]),
    ).toEqual([
      `${subject}: v2 is incompatible with v1 (FULL_TRANSITIVE): Reading.site: field 'site' was added in v2 ` +
        'without a default; v2 readers could not read v1 records. ' +
        'Rule: a field may be added or removed only if it has a default.',
    ]);
  });

  it('accepts adding an optional field with a default, and removing it again', () => {
    const site: AvroField = { name: 'site', type: ['null', 'string'], default: null };
    const v2 = reading([...(v1.fields ?? []), site]);

    expect(refusalsOf([v1, v2])).toEqual([]);
    expect(refusalsOf([v1, v2, v1])).toEqual([]);
  });

  it('refuses a promotion under FULL (old readers cannot narrow) but accepts it under BACKWARD_TRANSITIVE', () => {
    const widened = reading(replacing('seq', { type: 'long' }));

    expect(refusalsOf([v1, widened])).toEqual([
      expect.stringContaining(
        'Reading.seq: changed type from long to int, which Avro cannot promote; v1 readers',
      ),
    ]);
    expect(refusalsOf([v1, widened], 'BACKWARD_TRANSITIVE')).toEqual([]);
  });

  it('compares with every earlier version, not only the last', () => {
    const withDefault = reading([
      ...(v1.fields ?? []),
      { name: 'site', type: 'string', default: 'lab' },
    ]);
    const defaultDropped = reading([...(v1.fields ?? []), { name: 'site', type: 'string' }]);

    expect(refusalsOf([v1, withDefault, defaultDropped], 'FULL')).toEqual([]);
    expect(refusalsOf([v1, withDefault, defaultDropped])).toEqual([
      expect.stringContaining(
        "v3 is incompatible with v1 (FULL_TRANSITIVE): Reading.site: field 'site' was added",
      ),
    ]);
  });

  it('refuses an enum symbol an old reader does not know, unless the enum has a default', () => {
    const quality = (symbols: string[], fallback?: string): AvroField => ({
      name: 'quality',
      type: {
        type: 'enum',
        name: 'Quality',
        symbols,
        ...(fallback === undefined ? {} : { default: fallback }),
      },
      default: 'GOOD',
    });
    const fields = v1.fields ?? [];

    expect(
      refusalsOf([
        reading([...fields, quality(['GOOD', 'BAD'])]),
        reading([...fields, quality(['GOOD', 'BAD', 'UNSURE'])]),
      ]),
    ).toEqual([expect.stringContaining('Reading.quality: symbol UNSURE is written but')]);
    expect(
      refusalsOf([
        reading([...fields, quality(['GOOD', 'BAD'], 'GOOD')]),
        reading([...fields, quality(['GOOD', 'BAD', 'UNSURE'], 'GOOD')]),
      ]),
    ).toEqual([]);
  });

  it('refuses making an optional field required', () => {
    const optional = reading([
      ...(v1.fields ?? []),
      { name: 'site', type: ['null', 'string'], default: null },
    ]);
    const required = reading([
      ...(v1.fields ?? []),
      { name: 'site', type: 'string', default: 'lab' },
    ]);

    expect(refusalsOf([optional, required])).toEqual([
      expect.stringContaining(
        'Reading.site: changed type from null to string, which Avro cannot promote; v2 readers',
      ),
    ]);
  });

  it('accepts a renamed field that keeps its old name as an alias, in the reading direction', () => {
    const renamed = reading(replacing('unit', { name: 'unitOfMeasure', aliases: ['unit'] }));

    expect(refusalsOf([v1, renamed], 'BACKWARD')).toEqual([]);
  });

  it('passes every version of every subject in schemas/', async () => {
    const { subjects, refusals } = checkCatalog(await loadCatalog());

    expect(refusals).toEqual([]);
    expect(subjects).toContain('telemetry.readings-io.streamfold.telemetry.SensorReading');
    expect(subjects).toHaveLength(22);
  });
});

describe('our resolution rules and avsc’s resolver', () => {
  const pairs: [string, AvroNamed, AvroNamed][] = [
    ['same', v1, v1],
    ['field removed without default', v1, reading(without('unit'))],
    ['field added without default', reading(without('unit')), v1],
    ['double → string', reading(replacing('value', { type: 'string' })), v1],
    ['int → long', reading(replacing('seq', { type: 'long' })), v1],
    ['long → int', v1, reading(replacing('seq', { type: 'long' }))],
    ['int → [null, int]', reading(replacing('seq', { type: ['null', 'int'] })), v1],
    ['[null, int] → int', v1, reading(replacing('seq', { type: ['null', 'int'] }))],
    ['string → bytes', reading(replacing('unit', { type: 'bytes' })), v1],
  ];

  it.each(pairs)('agree on %s', (_what, reader, writer) => {
    const ours = resolutionProblems(avroType(reader), avroType(writer), '').length === 0;
    let theirs = true;
    try {
      avroType(reader).createResolver(avroType(writer));
    } catch {
      theirs = false;
    }
    expect(ours).toBe(theirs);
  });
});
