/**
 * The simulation as data: which devices, which commands, and every payload each device sends,
 * in order. Pure and deterministic: the same options give a byte-identical plan, so a test can
 * compute what the system must make of a run from the options alone.
 */
import type { SensorReading } from '@streamfold/schemas';
import { pick, streamOf } from './random.js';
import {
  garbageCount,
  garbagePayload,
  garbagePositions,
  late,
  minimumDurationSeconds,
  minimumRateForOutOfOrder,
  outOfOrder,
  scenarioNames,
  spikesOf,
  type Scenario,
  type Spike,
} from './scenarios.js';

export { scenarioNames, type Scenario, type Spike } from './scenarios.js';

export interface PlanOptions {
  /** Decides everything random; also part of every device id. */
  readonly seed: number;
  /** How many devices. */
  readonly devices: number;
  /** Readings per second per device, in event time; the sensors take turns. */
  readonly ratePerSecond: number;
  /** The event-time span of each device's readings. */
  readonly durationSeconds: number;
  /** Epoch milliseconds of the first event time. */
  readonly start: number;
  readonly scenarios: readonly Scenario[];
}

export interface Threshold {
  readonly sensor: string;
  readonly max: number;
  readonly hysteresis: number;
}

/** What the scenarios made this device do, for readers of the plan and for tests. */
export interface Behaviour {
  readonly spikes: readonly Spike[];
  /** Seqs of the readings sent LATE_BY_MS after their event time. */
  readonly late: readonly number[];
  /** Seqs of the readings moved by the out-of-order shuffle. */
  readonly outOfOrder: readonly number[];
  /** How many garbage payloads it sends. */
  readonly garbage: number;
}

export interface PlannedDevice {
  readonly deviceId: string;
  readonly name: string;
  readonly sensors: readonly string[];
  readonly thresholds: readonly Threshold[];
  readonly behaviour: Behaviour;
}

/** A command as the producer's HTTP API takes it: POST /v1/devices/:deviceId/commands/:name. */
export type PlannedCommand =
  | {
      readonly deviceId: string;
      readonly name: 'register';
      /** The Idempotency-Key header, which becomes the commandId: a rerun is a duplicate. */
      readonly idempotencyKey: string;
      readonly body: { readonly name: string; readonly sensors: readonly string[] };
    }
  | {
      readonly deviceId: string;
      readonly name: 'configure-threshold';
      readonly idempotencyKey: string;
      readonly body: Threshold;
    };

export type SendItem =
  | { readonly kind: 'reading'; readonly reading: SensorReading }
  | { readonly kind: 'garbage'; readonly deviceId: string; readonly payload: string };

export interface SimulationPlan {
  /** The options as planned: scenarios deduplicated, in the order of `scenarioNames`. */
  readonly options: PlanOptions;
  readonly devices: readonly PlannedDevice[];
  /** Every device's register, then its thresholds; all before any reading. */
  readonly commands: readonly PlannedCommand[];
  /** Every payload in send order. Per device, the order is the one the aggregator must see. */
  readonly sends: readonly SendItem[];
}

/** The sensors every simulated device has. Normal values stay below max − hysteresis. */
export const sensorKinds = [
  {
    sensor: 'temperature',
    unit: 'celsius',
    max: 30,
    hysteresis: 2,
    base: { low: 18, high: 24 },
    wander: 1.5,
    noise: 0.4,
  },
  {
    sensor: 'humidity',
    unit: 'percent',
    max: 80,
    hysteresis: 5,
    base: { low: 35, high: 55 },
    wander: 4,
    noise: 1,
  },
] as const;

const places = ['boiler room', 'cold store', 'greenhouse', 'server room', 'warehouse', 'lab'];

/** Independent random streams of each device, by purpose. */
const stream = { device: 1, values: 2, spikes: 3, outOfOrder: 4, late: 5, garbage: 6 } as const;

/** Most readings one plan holds: it is built in memory. */
export const maxPlannedReadings = 2_000_000;

export interface PlanProblem {
  readonly option: keyof PlanOptions;
  readonly message: string;
}

const whole = (n: number, low: number, high: number) =>
  Number.isSafeInteger(n) && n >= low && n <= high;

/** Everything wrong with the options, each naming its option; empty when they plan. */
export function planProblems(options: PlanOptions): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const problem = (option: keyof PlanOptions, message: string) =>
    problems.push({ option, message });
  const { seed, devices, ratePerSecond: rate, durationSeconds: duration, start } = options;
  if (!whole(seed, 0, 0xffffffff)) problem('seed', 'a whole number from 0 to 4294967295');
  if (!whole(devices, 1, 10_000)) problem('devices', 'a whole number from 1 to 10000');
  if (!(rate >= 0.1 && rate <= 1000)) problem('ratePerSecond', 'a number from 0.1 to 1000');
  if (!(duration >= 1 && duration <= 7 * 86_400)) {
    problem('durationSeconds', 'a number of seconds from 1 to 604800 (a week)');
  }
  if (!whole(start, 0, 8.64e15)) problem('start', 'epoch milliseconds, 0 or more');
  for (const s of options.scenarios) {
    if (!scenarioNames.includes(s)) {
      problem('scenarios', `unknown scenario ${s}; known: ${scenarioNames.join(', ')}`);
    }
  }
  if (problems.length > 0) return problems;
  if (readingsPerDevice(options) < 1) {
    problem('durationSeconds', `too short for one reading at ${rate} per second`);
  }
  if (devices * readingsPerDevice(options) > maxPlannedReadings) {
    problem(
      'durationSeconds',
      `${devices} devices × ${readingsPerDevice(options)} readings is more than ${maxPlannedReadings} readings`,
    );
  }
  for (const s of options.scenarios) {
    const minimum = minimumDurationSeconds[s];
    if (minimum !== undefined && duration < minimum) {
      problem('durationSeconds', `the ${s} scenario needs at least ${minimum} seconds`);
    }
  }
  if (options.scenarios.includes('out-of-order') && rate < minimumRateForOutOfOrder) {
    problem(
      'ratePerSecond',
      `the out-of-order scenario needs at least ${minimumRateForOutOfOrder} readings per second`,
    );
  }
  return problems;
}

const readingsPerDevice = (o: Pick<PlanOptions, 'durationSeconds' | 'ratePerSecond'>) =>
  Math.floor(o.durationSeconds * o.ratePerSecond);

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** The plan of a simulation; throws RangeError naming each bad option. */
export function simulationPlan(options: PlanOptions): SimulationPlan {
  const problems = planProblems(options);
  if (problems.length > 0) {
    throw new RangeError(
      `invalid simulation options: ${problems.map((p) => `${p.option}: ${p.message}`).join('; ')}`,
    );
  }
  const planned: PlanOptions = {
    seed: options.seed,
    devices: options.devices,
    ratePerSecond: options.ratePerSecond,
    durationSeconds: options.durationSeconds,
    start: options.start,
    scenarios: scenarioNames.filter((s) => options.scenarios.includes(s)),
  };
  const garbageDevice = options.scenarios.includes('garbage')
    ? pick(streamOf(options.seed, stream.garbage), options.devices)
    : -1;
  const devices = Array.from({ length: options.devices }, (_, index) =>
    planDevice(planned, index, index === garbageDevice),
  );
  return {
    options: planned,
    devices: devices.map((d) => d.device),
    commands: devices.flatMap((d) => commandsOf(d.device)),
    sends: interleave(devices.map((d) => d.sends)),
  };
}

function planDevice(
  options: PlanOptions,
  index: number,
  sendsGarbage: boolean,
): { device: PlannedDevice; sends: SendItem[] } {
  const { seed, start, scenarios } = options;
  const has = (s: Scenario) => scenarios.includes(s);
  const deviceId = `sim-${seed}-${index + 1}`;
  const next = streamOf(seed, index, stream.device);
  const name = `${places[pick(next, places.length)] ?? 'room'} ${index + 1}`;
  const location = {
    latitude: round(45.7 + next() * 0.15, 4),
    longitude: round(4.75 + next() * 0.2, 4),
  };
  const spikes = has('spikes')
    ? spikesOf({
        start,
        durationMs: options.durationSeconds * 1000,
        sensors: sensorKinds,
        next: streamOf(seed, index, stream.spikes),
      })
    : [];

  let readings = readingsOf(options, index, deviceId, location, spikes);
  let displaced: number[] = [];
  if (has('out-of-order')) {
    ({ readings, displaced } = outOfOrder(
      readings,
      start,
      streamOf(seed, index, stream.outOfOrder),
    ));
  }
  let heldBack: number[] = [];
  if (has('late')) {
    ({ readings, late: heldBack } = late(readings, streamOf(seed, index, stream.late)));
  }
  const sends: SendItem[] = readings.map((reading) => ({ kind: 'reading', reading }));
  let garbage = 0;
  if (sendsGarbage) {
    const next = streamOf(seed, index, stream.garbage);
    const positions = garbagePositions(readings.length, garbageCount(readings.length), next);
    // From the last position back, so that each insertion leaves the earlier positions in place.
    for (let n = positions.length - 1; n >= 0; n -= 1) {
      const position = positions[n] ?? 0;
      sends.splice(position, 0, {
        kind: 'garbage',
        deviceId,
        payload: garbagePayload(deviceId, n, readings[position - 1]),
      });
    }
    garbage = positions.length;
  }
  return {
    device: {
      deviceId,
      name,
      sensors: sensorKinds.map((k) => k.sensor),
      thresholds: sensorKinds.map(({ sensor, max, hysteresis }) => ({ sensor, max, hysteresis })),
      behaviour: { spikes, late: heldBack, outOfOrder: displaced, garbage },
    },
    sends,
  };
}

/**
 * A device's readings in event-time order: the sensors take turns, each value a bounded random
 * walk around the device's own baseline plus noise, or the spike's level while one lasts.
 */
function readingsOf(
  options: PlanOptions,
  index: number,
  deviceId: string,
  location: { latitude: number; longitude: number },
  spikes: readonly Spike[],
): SensorReading[] {
  const next = streamOf(options.seed, index, stream.values);
  const baseline = sensorKinds.map((k) => k.base.low + next() * (k.base.high - k.base.low));
  const walk = sensorKinds.map(() => 0);
  const count = readingsPerDevice(options);
  const readings: SensorReading[] = [];
  for (let i = 0; i < count; i += 1) {
    const k = i % sensorKinds.length;
    const kind = sensorKinds[k] ?? sensorKinds[0];
    const eventTime = options.start + Math.floor((i * 1000) / options.ratePerSecond);
    const step = (next() - 0.5) * kind.wander * 0.2;
    walk[k] = Math.min(kind.wander, Math.max(-kind.wander, (walk[k] ?? 0) + step));
    const noise = (next() - 0.5) * 2 * kind.noise;
    const spike = spikes.find(
      (s) => s.sensor === kind.sensor && eventTime >= s.from && eventTime < s.to,
    );
    const value = (spike?.level ?? (baseline[k] ?? 0) + (walk[k] ?? 0)) + noise;
    readings.push({
      deviceId,
      sensor: kind.sensor,
      value: round(value, 2),
      unit: kind.unit,
      eventTime,
      seq: i + 1,
      location,
      quality: 'GOOD',
    });
  }
  return readings;
}

function commandsOf(device: PlannedDevice): PlannedCommand[] {
  const { deviceId } = device;
  return [
    {
      deviceId,
      name: 'register',
      idempotencyKey: `${deviceId}.register`,
      body: { name: device.name, sensors: device.sensors },
    },
    ...device.thresholds.map((threshold): PlannedCommand => ({
      deviceId,
      name: 'configure-threshold',
      idempotencyKey: `${deviceId}.configure-threshold.${threshold.sensor}`,
      body: threshold,
    })),
  ];
}

/**
 * One send list from the devices': by send slot (how many readings the device sent before),
 * then by device. A garbage payload is sent in the slot of the reading after it (its content is
 * spoiled from the reading before it).
 */
function interleave(perDevice: readonly SendItem[][]): SendItem[] {
  const slotted = perDevice.flatMap((sends, device) => {
    let slot = 0;
    return sends.map((item, order) => {
      const entry = { item, slot, device, order };
      if (item.kind === 'reading') slot += 1;
      return entry;
    });
  });
  return slotted
    .sort((a, b) => a.slot - b.slot || a.device - b.device || a.order - b.order)
    .map((e) => e.item);
}

/** How many readings a device has sent before each of its sends: when each is due. */
export function sendSlots(sends: readonly SendItem[]): number[] {
  const readingsSoFar = new Map<string, number>();
  return sends.map((item) => {
    const deviceId = item.kind === 'reading' ? item.reading.deviceId : item.deviceId;
    const slot = readingsSoFar.get(deviceId) ?? 0;
    if (item.kind === 'reading') readingsSoFar.set(deviceId, slot + 1);
    return slot;
  });
}
