/**
 * What each scenario does to a device's readings. Pure: the plan calls these with seeded
 * generators, so the same options always give the same plan.
 */
import type { SensorReading } from '@streamfold/schemas';
import { pick, shuffle } from './random.js';

export const scenarioNames = ['normal', 'spikes', 'late', 'out-of-order', 'garbage'] as const;
export type Scenario = (typeof scenarioNames)[number];

/** A spike lasts 2.5 one-minute windows, so at least one whole window lies above the threshold. */
export const SPIKE_MS = 150_000;
/**
 * After a spike: room for the window it ends in, a whole window back below
 * max − hysteresis, and the watermark to pass that window's end (lateness ≤ 10 s + margin).
 */
export const AFTER_SPIKE_MS = 210_000;
/** One spike per this much event time (at least one per run). */
export const SPIKE_EVERY_MS = 600_000;
/** Late readings are sent this long (event time) after they were measured: late under any sane lateness. */
export const LATE_BY_MS = 300_000;
/** Out-of-order readings are shuffled within blocks this long: displaced by less than the default 10 s lateness. */
export const OUT_OF_ORDER_SPAN_MS = 4_000;

/** The shortest run, in seconds, in which a scenario shows as specified. */
export const minimumDurationSeconds: Partial<Record<Scenario, number>> = {
  // One minute of normal readings, the spike, then the windows that clear the alert.
  spikes: (60_000 + SPIKE_MS + AFTER_SPIKE_MS) / 1000,
  // A whole minute of candidates, each sent LATE_BY_MS later with a minute still to come.
  late: (60_000 + LATE_BY_MS + 60_000) / 1000,
};
/** Out-of-order needs at least two readings per shuffled block. */
export const minimumRateForOutOfOrder = 2_000 / OUT_OF_ORDER_SPAN_MS;

export interface Spike {
  readonly sensor: string;
  /** Event time, inclusive. */
  readonly from: number;
  /** Event time, exclusive. */
  readonly to: number;
  /** The value the readings sit around while it lasts: well above the sensor's max. */
  readonly level: number;
}

/**
 * One spike per SPIKE_EVERY_MS of the run on the sensor `sensorOf` picks, each at a seeded
 * place in its own segment with a minute of normal readings before it and AFTER_SPIKE_MS after.
 */
export function spikesOf(options: {
  start: number;
  durationMs: number;
  sensors: readonly { sensor: string; max: number }[];
  next: () => number;
}): Spike[] {
  const { start, durationMs, sensors, next } = options;
  const segments = Math.max(1, Math.floor(durationMs / SPIKE_EVERY_MS));
  const segmentMs = Math.floor(durationMs / segments);
  const room = segmentMs - 60_000 - SPIKE_MS - AFTER_SPIKE_MS;
  const spikes: Spike[] = [];
  for (let s = 0; s < segments; s += 1) {
    const sensor = sensors[pick(next, sensors.length)];
    if (sensor === undefined) continue;
    const from = start + s * segmentMs + 60_000 + pick(next, Math.max(1, room));
    const level = sensor.max + 8 + Math.round(next() * 6);
    spikes.push({ sensor: sensor.sensor, from, to: from + SPIKE_MS, level });
  }
  return spikes;
}

/**
 * Shuffles about a fifth of the blocks of OUT_OF_ORDER_SPAN_MS (at least one) that hold two
 * readings or more; a shuffle that changed nothing is reversed instead.
 * @returns the readings in send order and the seqs that moved.
 */
export function outOfOrder(
  readings: readonly SensorReading[],
  start: number,
  next: () => number,
): { readings: SensorReading[]; displaced: number[] } {
  const blocks: SensorReading[][] = [];
  for (const reading of readings) {
    const b = Math.floor((reading.eventTime - start) / OUT_OF_ORDER_SPAN_MS);
    (blocks[b] ??= []).push(reading);
  }
  const eligible = blocks.flatMap((block, b) => (block.length >= 2 ? [b] : []));
  const chosen = new Set(
    shuffle([...eligible], next).slice(0, Math.max(1, Math.round(eligible.length / 5))),
  );
  const displaced: number[] = [];
  const out: SensorReading[] = [];
  blocks.forEach((block, b) => {
    if (!chosen.has(b)) {
      out.push(...block);
      return;
    }
    let moved = shuffle([...block], next);
    if (moved.every((r, i) => r === block[i])) moved = [...block].reverse();
    moved.forEach((r, i) => {
      if (r !== block[i]) displaced.push(r.seq);
    });
    out.push(...moved);
  });
  return { readings: out, displaced: displaced.sort((a, b) => a - b) };
}

/**
 * Holds back about 1% of the readings (at least one), each until a reading at least
 * LATE_BY_MS younger has been sent: by then the device's watermark has passed its window.
 * Only readings with a whole minute of readings still to come after their send point are
 * candidates, so that point always exists.
 * @returns the readings in send order and the seqs sent late.
 */
export function late(
  readings: readonly SensorReading[],
  next: () => number,
): { readings: SensorReading[]; late: number[] } {
  const last = readings.reduce((max, r) => Math.max(max, r.eventTime), -Infinity);
  const candidates = readings.filter((r) => r.eventTime + LATE_BY_MS + 60_000 <= last);
  if (candidates.length === 0) return { readings: [...readings], late: [] };
  const count = Math.max(1, Math.round(readings.length / 100));
  const held = new Set(shuffle([...candidates], next).slice(0, count));
  const rest = readings.filter((r) => !held.has(r));
  const after = new Map<number, SensorReading[]>();
  for (const reading of [...held].sort((a, b) => a.seq - b.seq)) {
    const target = rest.findIndex((r) => r.eventTime >= reading.eventTime + LATE_BY_MS);
    after.set(target, [...(after.get(target) ?? []), reading]);
  }
  return {
    readings: rest.flatMap((r, i) => [r, ...(after.get(i) ?? [])]),
    late: [...held].map((r) => r.seq).sort((a, b) => a - b),
  };
}

/**
 * Payloads that are not valid readings, the kinds a broken device sends: not JSON, a value of
 * the wrong type, required fields missing, JSON cut short.
 */
export function garbagePayload(
  deviceId: string,
  n: number,
  after: SensorReading | undefined,
): string {
  const eventTime = after?.eventTime ?? 0;
  const seq = after?.seq ?? 0;
  switch (n % 4) {
    case 0:
      return `temperature=21.5;seq=${seq};device=${deviceId}`;
    case 1:
      return JSON.stringify({
        deviceId,
        sensor: 'temperature',
        value: 'hot',
        unit: 'celsius',
        eventTime,
        seq,
      });
    case 2:
      return JSON.stringify({ deviceId, sensor: 'humidity', unit: 'percent' });
    default:
      return `{"deviceId":"${deviceId}","sensor":"temperature","value":21.5,"eventTime":${eventTime},"seq":`;
  }
}

/** How many garbage payloads the garbage device sends among its readings: 2%, at least 3. */
export const garbageCount = (readings: number): number => Math.max(3, Math.round(readings / 50));

/**
 * Positions (0 = before the first reading, n = after the last) at which to insert `count`
 * garbage payloads among `n` readings, ascending.
 */
export function garbagePositions(n: number, count: number, next: () => number): number[] {
  return Array.from({ length: count }, () => pick(next, n + 1)).sort((a, b) => a - b);
}
