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
  "type": "record",
  "name": "SensorReading",
  "namespace": "io.streamfold.telemetry",
  "doc": "One measurement of one sensor of one device, as the device reported it.",
  "fields": [
    {
      "name": "deviceId",
      "type": "string",
      "doc": "The device that measured; the record's key."
    },
    {
      "name": "sensor",
      "type": "string",
      "doc": "Which of the device's sensors, e.g. temperature."
    },
    {
      "name": "value",
      "type": "double"
    },
    {
      "name": "unit",
      "type": "string",
      "doc": "Unit of value, e.g. celsius."
    },
    {
      "name": "eventTime",
      "type": {
        "type": "long",
        "logicalType": "timestamp-millis"
      },
      "doc": "When the device measured, in milliseconds since the epoch (event time, not arrival time)."
    },
    {
      "name": "seq",
      "type": "long",
      "doc": "The device's own counter, increasing by one per reading."
    }
  ]
} as const;

/** The newest version of SensorReading. */
export type SensorReading = SensorReadingV1;
