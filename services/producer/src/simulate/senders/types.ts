import type { PlannedCommand, SendItem } from '../plan.js';

/** One device's share of a wave, in plan order. */
export interface DeviceBatch {
  readonly deviceId: string;
  readonly items: readonly SendItem[];
}

/** Payloads the producer answered with a 4xx: counted and reported, the run goes on. */
export interface Rejection {
  readonly deviceId: string;
  readonly kind: 'reading' | 'garbage';
  readonly payloads: number;
  /** `400 Invalid reading: value: expected number`, from the problem+json answer. */
  readonly reason: string;
}

/**
 * Sends readings and garbage. `send` resolves once every device's items are acknowledged, each
 * device's in the order given (one request in flight per device), so waves sent one after the
 * other keep each device's plan order.
 */
export interface ReadingSender {
  send(wave: readonly DeviceBatch[]): Promise<Rejection[]>;
  close(): Promise<void>;
}

/** Sends the plan's commands, each device's in order, and resolves once all are accepted. */
export interface CommandSender {
  send(commands: readonly PlannedCommand[]): Promise<void>;
  close(): Promise<void>;
}

/** A send that did not go through: the run stops and the command exits non-zero. */
export class SendFailure extends Error {
  override readonly name = 'SendFailure';
}

/** Each device's commands in plan order, devices in order of first appearance. */
export function commandsByDevice(commands: readonly PlannedCommand[]): PlannedCommand[][] {
  const byDevice = new Map<string, PlannedCommand[]>();
  for (const command of commands) {
    byDevice.set(command.deviceId, [...(byDevice.get(command.deviceId) ?? []), command]);
  }
  return [...byDevice.values()];
}

export const deviceOf = (item: SendItem): string =>
  item.kind === 'reading' ? item.reading.deviceId : item.deviceId;
