// Generated from schemas/telemetry/*.avsc by `npm run schemas:generate`. Do not edit.

/** One measurement of one sensor of one device, as the device reported it. */
export interface SensorReadingV1 {
  /** The device that measured; the record's key. */
  deviceId: string;
  /** Which of the device's sensors, e.g. temperature. */
  sensor: string;
  value: number;
  /** Unit of value, e.g. celsius. */
  unit: string;
  /**
   * When the device measured, in milliseconds since the epoch (event time, not arrival time).
   * Avro long with logical type timestamp-millis.
   */
  eventTime: number;
  /** The device's own counter, increasing by one per reading. */
  seq: number;
}

export const SensorReadingV1Schema = {
  type: 'record',
  name: 'SensorReading',
  namespace: 'io.streamfold.telemetry',
  doc: 'One measurement of one sensor of one device, as the device reported it.',
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device that measured; the record's key.",
    },
    {
      name: 'sensor',
      type: 'string',
      doc: "Which of the device's sensors, e.g. temperature.",
    },
    {
      name: 'value',
      type: 'double',
    },
    {
      name: 'unit',
      type: 'string',
      doc: 'Unit of value, e.g. celsius.',
    },
    {
      name: 'eventTime',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
      doc: 'When the device measured, in milliseconds since the epoch (event time, not arrival time).',
    },
    {
      name: 'seq',
      type: 'long',
      doc: "The device's own counter, increasing by one per reading.",
    },
  ],
} as const;

/** Where the device was when it measured (WGS 84). */
export interface LocationV2 {
  latitude: number;
  longitude: number;
}

/** How far the device trusts the value. */
export type ReadingQualityV2 = 'GOOD' | 'UNCERTAIN' | 'BAD';

/** One measurement of one sensor of one device, as the device reported it. */
export interface SensorReadingV2 {
  /** The device that measured; the record's key. */
  deviceId: string;
  /** Which of the device's sensors, e.g. temperature. */
  sensor: string;
  value: number;
  /** Unit of value, e.g. celsius. */
  unit: string;
  /**
   * When the device measured, in milliseconds since the epoch (event time, not arrival time).
   * Avro long with logical type timestamp-millis.
   */
  eventTime: number;
  /** The device's own counter, increasing by one per reading. */
  seq: number;
  /** Where the reading was taken, when the device knows. */
  location: null | LocationV2;
  /** The device's own verdict on the value; GOOD when it gives none. */
  quality: ReadingQualityV2;
}

export const SensorReadingV2Schema = {
  type: 'record',
  name: 'SensorReading',
  namespace: 'io.streamfold.telemetry',
  doc: 'One measurement of one sensor of one device, as the device reported it.',
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device that measured; the record's key.",
    },
    {
      name: 'sensor',
      type: 'string',
      doc: "Which of the device's sensors, e.g. temperature.",
    },
    {
      name: 'value',
      type: 'double',
    },
    {
      name: 'unit',
      type: 'string',
      doc: 'Unit of value, e.g. celsius.',
    },
    {
      name: 'eventTime',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
      doc: 'When the device measured, in milliseconds since the epoch (event time, not arrival time).',
    },
    {
      name: 'seq',
      type: 'long',
      doc: "The device's own counter, increasing by one per reading.",
    },
    {
      name: 'location',
      type: [
        'null',
        {
          type: 'record',
          name: 'Location',
          doc: 'Where the device was when it measured (WGS 84).',
          fields: [
            {
              name: 'latitude',
              type: 'double',
            },
            {
              name: 'longitude',
              type: 'double',
            },
          ],
        },
      ],
      doc: 'Where the reading was taken, when the device knows.',
      default: null,
    },
    {
      name: 'quality',
      type: {
        type: 'enum',
        name: 'ReadingQuality',
        doc: 'How far the device trusts the value.',
        symbols: ['GOOD', 'UNCERTAIN', 'BAD'],
        default: 'GOOD',
      },
      doc: "The device's own verdict on the value; GOOD when it gives none.",
      default: 'GOOD',
    },
  ],
} as const;

/** The readings of one sensor of one device in one closed event-time window [windowStart, windowEnd). */
export interface WindowAggregateV1 {
  /** The device; the record's key. */
  deviceId: string;
  sensor: string;
  /**
   * Inclusive.
   * Avro long with logical type timestamp-millis.
   */
  windowStart: number;
  /**
   * Exclusive.
   * Avro long with logical type timestamp-millis.
   */
  windowEnd: number;
  count: number;
  min: number;
  max: number;
  sum: number;
  mean: number;
  /**
   * The latest event time among the window's readings.
   * Avro long with logical type timestamp-millis.
   */
  lastEventTime: number;
}

export const WindowAggregateV1Schema = {
  type: 'record',
  name: 'WindowAggregate',
  namespace: 'io.streamfold.telemetry',
  doc: 'The readings of one sensor of one device in one closed event-time window [windowStart, windowEnd).',
  fields: [
    {
      name: 'deviceId',
      type: 'string',
      doc: "The device; the record's key.",
    },
    {
      name: 'sensor',
      type: 'string',
    },
    {
      name: 'windowStart',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
      doc: 'Inclusive.',
    },
    {
      name: 'windowEnd',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
      doc: 'Exclusive.',
    },
    {
      name: 'count',
      type: 'long',
    },
    {
      name: 'min',
      type: 'double',
    },
    {
      name: 'max',
      type: 'double',
    },
    {
      name: 'sum',
      type: 'double',
    },
    {
      name: 'mean',
      type: 'double',
    },
    {
      name: 'lastEventTime',
      type: {
        type: 'long',
        logicalType: 'timestamp-millis',
      },
      doc: "The latest event time among the window's readings.",
    },
  ],
} as const;

/** The newest version of SensorReading. */
export type SensorReading = SensorReadingV2;

/** The newest version of WindowAggregate. */
export type WindowAggregate = WindowAggregateV1;
