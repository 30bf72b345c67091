import { describe, expect, it } from 'vitest';
import {
  buildCatalog,
  CatalogError,
  parseSchemaFileName,
  subjectOf,
  versionsOf,
  type RawSchemaFile,
} from './catalog.js';

const file = (
  family: string,
  record: string,
  version: number,
  fields: unknown[],
): RawSchemaFile => ({
  path: `schemas/${family}/${record}.v${version}.avsc`,
  family,
  fileName: `${record}.v${version}.avsc`,
  json: { type: 'record', name: record, namespace: `io.streamfold.${family}`, fields },
});

const meta = (version: number, fields: unknown[]) => file('common', 'Meta', version, fields);

describe('parseSchemaFileName', () => {
  it('reads the record and version of <Record>.v<N>.avsc', () => {
    expect(parseSchemaFileName('SensorReading.v1.avsc')).toEqual({
      record: 'SensorReading',
      version: 1,
    });
    expect(parseSchemaFileName('DeviceEvent.v12.avsc')).toEqual({
      record: 'DeviceEvent',
      version: 12,
    });
  });

  it.each([
    'sensorReading.v1.avsc',
    'SensorReading.v0.avsc',
    'SensorReading.avsc',
    'SensorReading.v1.json',
    'Sensor-Reading.v1.avsc',
  ])('refuses %s, saying how files are named', (name) => {
    expect(() => parseSchemaFileName(name)).toThrow(
      new CatalogError(
        `${name}: schema files are named <Record>.v<N>.avsc, e.g. SensorReading.v1.avsc`,
      ),
    );
  });
});

describe('buildCatalog', () => {
  it('inlines the newest version of a referenced record, once, so each schema stands alone', () => {
    const catalog = buildCatalog(
      [
        meta(1, [{ name: 'id', type: 'string' }]),
        meta(2, [
          { name: 'id', type: 'string' },
          { name: 'at', type: 'long', default: 0 },
        ]),
        file('device', 'Moved', 1, [
          { name: 'meta', type: 'io.streamfold.common.Meta' },
          { name: 'previous', type: ['null', 'io.streamfold.common.Meta'], default: null },
        ]),
      ],
      { 'device.events': ['io.streamfold.device.Moved'] },
    );

    const [moved] = versionsOf(catalog, 'io.streamfold.device.Moved');
    expect(moved?.expanded.fields).toEqual([
      {
        name: 'meta',
        type: {
          type: 'record',
          name: 'Meta',
          namespace: 'io.streamfold.common',
          fields: [
            { name: 'id', type: 'string' },
            { name: 'at', type: 'long', default: 0 },
          ],
        },
      },
      { name: 'previous', type: ['null', 'io.streamfold.common.Meta'], default: null },
    ]);
  });

  it('sorts entries by name and version', () => {
    const catalog = buildCatalog([meta(2, []), file('device', 'A', 1, []), meta(1, [])], {});

    expect(catalog.entries.map((e) => `${e.fullName} v${e.version}`)).toEqual([
      'io.streamfold.common.Meta v1',
      'io.streamfold.common.Meta v2',
      'io.streamfold.device.A v1',
    ]);
  });

  it('refuses a gap between versions', () => {
    expect(() => buildCatalog([meta(1, []), meta(3, [])], {})).toThrow(
      'io.streamfold.common.Meta: versions must run 1, 2, 3… without gaps; found v1, v3',
    );
  });

  it('refuses a reference to a record no file defines, naming the referrer', () => {
    expect(() =>
      buildCatalog(
        [file('device', 'A', 1, [{ name: 'm', type: 'io.streamfold.common.Nope' }])],
        {},
      ),
    ).toThrow(
      'io.streamfold.device.A v1 refers to io.streamfold.common.Nope, which no schema file defines',
    );
  });

  it('refuses a file whose namespace or name does not match its place', () => {
    const wrong = {
      ...file('device', 'A', 1, []),
      json: { type: 'record', name: 'A', namespace: 'x', fields: [] },
    };
    expect(() => buildCatalog([wrong], {})).toThrow(
      'schemas/device/A.v1.avsc: "namespace" must be "io.streamfold.device", after its folder',
    );
    const renamed = {
      ...file('device', 'A', 1, []),
      json: { type: 'record', name: 'B', namespace: 'io.streamfold.device' },
    };
    expect(() => buildCatalog([renamed], {})).toThrow(
      'schemas/device/A.v1.avsc: "name" must be "A", as the file is named',
    );
  });

  it('refuses a topic carrying a record no file defines', () => {
    expect(() =>
      buildCatalog([meta(1, [])], { 't.events': ['io.streamfold.device.Gone'] }),
    ).toThrow(
      'topics.json: "t.events" carries io.streamfold.device.Gone, which no schema file defines',
    );
  });
});

describe('subjectOf', () => {
  it('follows TopicRecordNameStrategy', () => {
    expect(subjectOf('device.events', 'io.streamfold.device.DeviceRegistered')).toBe(
      'device.events-io.streamfold.device.DeviceRegistered',
    );
  });
});
