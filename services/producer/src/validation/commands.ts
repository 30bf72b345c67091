/**
 * Device commands as they arrive over HTTP: `POST /v1/devices/:id/commands/:name` with a JSON
 * body and an optional Idempotency-Key. Pure: the id to use when no key is given and the time
 * of issue are handed in.
 */
import type { CommandMetadata, DeviceCommandsRecord } from '@streamfold/schemas';
import { z } from 'zod';
import { fieldErrors, type FieldError, type Validated } from './issues.js';
import { deviceIdSchema } from './readings.js';

/** The commands a device takes, by the name they have in the URL. */
export const commandNames = [
  'register',
  'configure-threshold',
  'decommission',
  'acknowledge-alert',
] as const;

export type CommandName = (typeof commandNames)[number];

export const isCommandName = (name: string): name is CommandName =>
  (commandNames as readonly string[]).includes(name);

/** 1–200 printable ASCII characters: what a client may put in Idempotency-Key. */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,200}$/, '1 to 200 printable ASCII characters');

const text = z.string().min(1).max(200);
/** The version the client saw; absent or null when it has no expectation. */
const expectedVersion = z.int().min(0).nullable().optional();

/** A command's body, checked: its expectation, and the record it becomes once it has its meta. */
type ParsedBody =
  | {
      readonly ok: true;
      readonly expectedVersion: number | null;
      readonly record: (deviceId: string, meta: CommandMetadata) => DeviceCommandsRecord;
    }
  | { readonly ok: false; readonly error: z.ZodError };

/** How one command's body is checked, and the record it becomes. */
const spec =
  <B extends { expectedVersion?: number | null | undefined }>(
    schema: z.ZodType<B>,
    record: (body: B, deviceId: string, meta: CommandMetadata) => DeviceCommandsRecord,
  ) =>
  (input: unknown): ParsedBody => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return { ok: false, error: parsed.error };
    const body = parsed.data;
    return {
      ok: true,
      expectedVersion: body.expectedVersion ?? null,
      record: (deviceId, meta) => record(body, deviceId, meta),
    };
  };

const commands: Readonly<Record<CommandName, (body: unknown) => ParsedBody>> = {
  register: spec(
    z.strictObject({
      name: text,
      sensors: z
        .array(text)
        .min(1)
        .max(100)
        .refine((sensors) => new Set(sensors).size === sensors.length, 'each sensor only once'),
      expectedVersion,
    }),
    (b, deviceId, meta) => ({
      name: 'RegisterDevice',
      value: { deviceId, meta, name: b.name, sensors: b.sensors },
    }),
  ),
  'configure-threshold': spec(
    z.strictObject({
      sensor: text,
      max: z.number(),
      hysteresis: z.number().min(0).optional(),
      expectedVersion,
    }),
    (b, deviceId, meta) => ({
      name: 'ConfigureThreshold',
      value: { deviceId, meta, sensor: b.sensor, max: b.max, hysteresis: b.hysteresis ?? 0 },
    }),
  ),
  decommission: spec(
    z.strictObject({ reason: z.string().max(1_000).nullable().optional(), expectedVersion }),
    (b, deviceId, meta) => ({
      name: 'DecommissionDevice',
      value: { deviceId, meta, reason: b.reason ?? null },
    }),
  ),
  'acknowledge-alert': spec(
    z.strictObject({
      alertId: z.string().min(1).max(1_000),
      acknowledgedBy: text,
      expectedVersion,
    }),
    (b, deviceId, meta) => ({
      name: 'AcknowledgeAlert',
      value: { deviceId, meta, alertId: b.alertId, acknowledgedBy: b.acknowledgedBy },
    }),
  ),
};

export interface CommandRequest {
  readonly name: CommandName;
  /** From the URL. */
  readonly deviceId: string;
  /** The parsed JSON body; undefined when the request had none (an empty object then). */
  readonly body: unknown;
  /** The Idempotency-Key header, if sent. */
  readonly idempotencyKey: string | undefined;
}

export interface IssuedAs {
  /** The command's id when the request has no Idempotency-Key. */
  readonly generatedId: string;
  /** Milliseconds since the epoch. */
  readonly issuedAt: number;
}

/**
 * The device.commands record a request stands for, or every problem with it. Errors name body
 * fields by their path, the URL's device id as `:id` and the header as `Idempotency-Key`.
 */
export function validateCommand(
  request: CommandRequest,
  issued: IssuedAs,
): Validated<DeviceCommandsRecord> {
  const errors: FieldError[] = [];
  const device = deviceIdSchema.safeParse(request.deviceId);
  if (!device.success) errors.push(...relabel(fieldErrors(device.error), ':id'));
  let commandId = issued.generatedId;
  if (request.idempotencyKey !== undefined) {
    const key = idempotencyKeySchema.safeParse(request.idempotencyKey);
    if (key.success) commandId = key.data;
    else errors.push(...relabel(fieldErrors(key.error), 'Idempotency-Key'));
  }
  const body = commands[request.name](request.body ?? {});
  if (!body.ok) errors.push(...fieldErrors(body.error));
  if (errors.length > 0 || !body.ok) return { ok: false, errors };

  const meta: CommandMetadata = {
    commandId,
    expectedVersion: body.expectedVersion,
    issuedAt: issued.issuedAt,
  };
  return { ok: true, value: body.record(request.deviceId, meta) };
}

/** Errors about a whole value (a header, a path segment) named after where it came from. */
const relabel = (errors: readonly FieldError[], where: string): FieldError[] =>
  errors.map((error) => ({ path: where, message: error.message }));
