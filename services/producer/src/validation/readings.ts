/**
 * What a SensorReading must look like when it arrives as JSON, over HTTP or MQTT. Pure: no I/O,
 * no clock. `location` and `quality` may be left out (null and GOOD, the schema's defaults); an
 * unknown field is an error, not ignored.
 */
import type { SensorReading } from '@streamfold/schemas';
import { z } from 'zod';
import { fieldErrors, type FieldError, type Validated } from './issues.js';

/** A device id: what keys every topic, so also a path segment and an MQTT topic level. */
export const deviceIdSchema = z
  .string()
  .regex(
    /^[^\s/+#\p{Cc}]{1,200}$/u,
    '1 to 200 characters, without spaces, control characters, "/", "+" or "#"',
  );

const name = z.string().min(1).max(200);

const readingFields = {
  sensor: name,
  value: z.number(),
  unit: name,
  eventTime: z.int().min(0),
  seq: z.int().min(0),
  location: z
    .strictObject({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
    })
    .nullable()
    .optional(),
  quality: z.enum(['GOOD', 'UNCERTAIN', 'BAD']).optional(),
};

/** A reading sent over HTTP names its device. */
const httpReading = z.strictObject({ deviceId: deviceIdSchema, ...readingFields });

/** A reading sent over MQTT may leave its device to the topic it is published on. */
const mqttReading = z.strictObject({ deviceId: deviceIdSchema.optional(), ...readingFields });

type ParsedReading = z.output<typeof mqttReading>;

const toReading = (deviceId: string, parsed: ParsedReading): SensorReading => ({
  deviceId,
  sensor: parsed.sensor,
  value: parsed.value,
  unit: parsed.unit,
  eventTime: parsed.eventTime,
  seq: parsed.seq,
  location: parsed.location ?? null,
  quality: parsed.quality ?? 'GOOD',
});

export interface BatchLimit {
  /** The most readings one request or message may carry. */
  readonly maxBatch: number;
}

/** Why a batch is refused before its items are looked at. */
export type BatchRefusal =
  { readonly refused: 'empty' } | { readonly refused: 'too-many'; readonly count: number };

/** One reading or an array of them, as the items to validate; or why the batch is refused. */
export function itemsOf(
  body: unknown,
  limit: BatchLimit,
): { readonly items: readonly unknown[]; readonly single: boolean } | BatchRefusal {
  if (!Array.isArray(body)) return { items: [body], single: true };
  if (body.length === 0) return { refused: 'empty' };
  if (body.length > limit.maxBatch) return { refused: 'too-many', count: body.length };
  return { items: body as unknown[], single: false };
}

function validateItems<P extends ParsedReading>(
  schema: z.ZodType<P>,
  items: readonly unknown[],
  single: boolean,
  deviceOf: (parsed: P) => string,
): Validated<SensorReading[]> {
  const readings: SensorReading[] = [];
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    const result = schema.safeParse(item);
    if (result.success) readings.push(toReading(deviceOf(result.data), result.data));
    else errors.push(...fieldErrors(result.error, single ? [] : [index]));
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: readings };
}

/** Readings sent over HTTP: each names its device. Paths of errors are `[i].field` in an array. */
export function validateHttpReadings(
  items: readonly unknown[],
  single: boolean,
): Validated<SensorReading[]> {
  return validateItems(httpReading, items, single, (parsed) => parsed.deviceId);
}

/** Readings published on a device's MQTT topic: a deviceId, when given, is checked by the caller. */
export function validateMqttReadings(
  items: readonly unknown[],
  single: boolean,
  deviceId: string,
): Validated<{ readings: SensorReading[]; claimed: readonly string[] }> {
  const claimed: string[] = [];
  const result = validateItems(mqttReading, items, single, (parsed) => {
    if (parsed.deviceId !== undefined) claimed.push(parsed.deviceId);
    return deviceId;
  });
  return result.ok ? { ok: true, value: { readings: result.value, claimed } } : result;
}
