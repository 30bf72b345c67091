import { describe, expect, it } from 'vitest';
import { declarationsFor, type AvroSchema } from './typescript.js';

const record = (fields: unknown[], extra: Record<string, unknown> = {}): AvroSchema =>
  ({
    type: 'record',
    name: 'Reading',
    namespace: 'io.streamfold.test',
    fields,
    ...extra,
  }) as AvroSchema;

/** The TypeScript of one record's fields, one declaration expected. */
const fieldsOf = (fields: unknown[]): string[] => {
  const out = declarationsFor(record(fields), 'V1');
  const match = /^export interface ReadingV1 \{\n([\s\S]*)\}\n$/.exec(out);
  if (match?.[1] === undefined) throw new Error(`not one interface:\n${out}`);
  return match[1].split('\n').filter((line) => line.length > 0);
};

describe('declarationsFor', () => {
  it('declares a record as an interface, its doc and its fields’ docs as comments', () => {
    const schema = record(
      [
        { name: 'deviceId', type: 'string', doc: 'The device that measured.' },
        { name: 'value', type: 'double' },
      ],
      { doc: 'One measurement.' },
    );

    expect(declarationsFor(schema, 'V1')).toBe(
      [
        '/** One measurement. */',
        'export interface ReadingV1 {',
        '  /** The device that measured. */',
        '  deviceId: string;',
        '  value: number;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('maps each Avro primitive to its TypeScript type', () => {
    expect(
      fieldsOf([
        { name: 'ok', type: 'boolean' },
        { name: 'count', type: 'int' },
        { name: 'seq', type: 'long' },
        { name: 'ratio', type: 'float' },
        { name: 'value', type: 'double' },
        { name: 'payload', type: 'bytes' },
        { name: 'unit', type: 'string' },
        { name: 'nothing', type: 'null' },
        { name: 'boxed', type: { type: 'string' } },
        { name: 'hash', type: { type: 'fixed', name: 'Md5', size: 16 } },
      ]),
    ).toEqual([
      '  ok: boolean;',
      '  count: number;',
      '  seq: number;',
      '  ratio: number;',
      '  value: number;',
      '  payload: Buffer;',
      '  unit: string;',
      '  nothing: null;',
      '  boxed: string;',
      '  hash: Buffer;',
    ]);
  });

  it('keeps a logical type as its underlying type and notes it', () => {
    expect(
      fieldsOf([
        {
          name: 'eventTime',
          type: { type: 'long', logicalType: 'timestamp-millis' },
          doc: 'When the device measured.',
        },
        { name: 'day', type: { type: 'int', logicalType: 'date' } },
        { name: 'id', type: { type: 'string', logicalType: 'uuid' } },
        {
          name: 'price',
          type: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 },
        },
      ]),
    ).toEqual([
      '  /**',
      '   * When the device measured.',
      '   * Avro long with logical type timestamp-millis.',
      '   */',
      '  eventTime: number;',
      '  /** Avro int with logical type date. */',
      '  day: number;',
      '  /** Avro string with logical type uuid. */',
      '  id: string;',
      '  /** Avro bytes with logical type decimal. */',
      '  price: Buffer;',
    ]);
  });

  it('turns a union with null into `T | null`, in the schema’s order', () => {
    expect(
      fieldsOf([
        { name: 'unit', type: ['null', 'string'], default: null },
        { name: 'note', type: ['string', 'null'] },
        { name: 'reading', type: ['null', 'long', 'string'] },
      ]),
    ).toEqual([
      '  unit: null | string;',
      '  note: string | null;',
      '  reading: null | number | string;',
    ]);
  });

  it('writes arrays and maps, parenthesising a union inside an array', () => {
    expect(
      fieldsOf([
        { name: 'tags', type: { type: 'array', items: 'string' } },
        { name: 'gaps', type: { type: 'array', items: ['null', 'double'] } },
        { name: 'grid', type: { type: 'array', items: { type: 'array', items: 'int' } } },
        { name: 'byUnit', type: { type: 'map', values: 'long' } },
        { name: 'maybeByUnit', type: { type: 'map', values: ['null', 'string'] } },
        { name: 'listsByUnit', type: { type: 'map', values: { type: 'array', items: 'string' } } },
        { name: 'optionalTags', type: ['null', { type: 'array', items: 'string' }] },
      ]),
    ).toEqual([
      '  tags: string[];',
      '  gaps: (null | number)[];',
      '  grid: number[][];',
      '  byUnit: Record<string, number>;',
      '  maybeByUnit: Record<string, null | string>;',
      '  listsByUnit: Record<string, string[]>;',
      '  optionalTags: null | string[];',
    ]);
  });

  it('keeps a field with a default required: a decoded record always has it', () => {
    expect(
      fieldsOf([
        { name: 'unit', type: 'string', default: 'celsius' },
        { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
        { name: 'note', type: ['null', 'string'], default: null },
      ]),
    ).toEqual(['  unit: string;', '  tags: string[];', '  note: null | string;']);
  });

  it('declares an enum as a union of its symbols, before the record that uses it', () => {
    const schema = record([
      {
        name: 'status',
        type: {
          type: 'enum',
          name: 'Status',
          doc: 'Where a device is in its life.',
          symbols: ['ACTIVE', 'SUSPENDED', 'RETIRED'],
        },
      },
      { name: 'previous', type: ['null', 'io.streamfold.test.Status'] },
    ]);

    expect(declarationsFor(schema, 'V2')).toBe(
      [
        '/** Where a device is in its life. */',
        "export type StatusV2 = 'ACTIVE' | 'SUSPENDED' | 'RETIRED';",
        '',
        'export interface ReadingV2 {',
        '  status: StatusV2;',
        '  previous: null | StatusV2;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('declares a nested record once, and a reference by name or full name reuses it', () => {
    const schema: AvroSchema = {
      type: 'record',
      name: 'Window',
      namespace: 'io.streamfold.test',
      fields: [
        {
          name: 'first',
          type: {
            type: 'record',
            name: 'Point',
            fields: [{ name: 'at', type: 'long' }],
          },
        },
        { name: 'last', type: 'Point' },
        { name: 'samples', type: { type: 'array', items: 'io.streamfold.test.Point' } },
        { name: 'previous', type: ['null', 'Window'] },
      ],
    };

    expect(declarationsFor(schema, 'V1')).toBe(
      [
        'export interface PointV1 {',
        '  at: number;',
        '}',
        '',
        'export interface WindowV1 {',
        '  first: PointV1;',
        '  last: PointV1;',
        '  samples: PointV1[];',
        '  previous: null | WindowV1;',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('declares a schema that is only an enum, and nothing for a primitive', () => {
    expect(
      declarationsFor({ type: 'enum', name: 'io.streamfold.Unit', symbols: ['C', 'F'] }, 'V1'),
    ).toBe("export type UnitV1 = 'C' | 'F';\n");
    expect(declarationsFor('string', 'V1')).toBe('');
  });
});
