/**
 * Plays a plan through the senders: the commands first (all accepted before any reading),
 * then the sends in waves, paced at the plan's rate per device unless `fast`.
 */
import { progressBar, type ProgressOutput } from '@streamfold/streams';
import { sendSlots, type SendItem, type SimulationPlan } from './plan.js';
import {
  deviceOf,
  type CommandSender,
  type DeviceBatch,
  type ReadingSender,
  type Rejection,
} from './senders/types.js';

export interface RunOptions {
  /** As fast as the senders go, rather than `ratePerSecond` readings a second per device. */
  readonly fast: boolean;
  /** Most items of one device per wave. */
  readonly batchSize: number;
  /** Progress goes here: a bar on a terminal, a line per tenth elsewhere. */
  readonly progress: ProgressOutput;
  /** Stops after the wave in flight. */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  /** Resolves once the commands are handled, not only accepted (their outcomes are known). */
  readonly handled?: (commands: SimulationPlan['commands']) => Promise<void>;
}

export interface RunReport {
  readonly devices: number;
  readonly commands: number;
  readonly readings: number;
  readonly garbage: number;
  readonly rejections: readonly Rejection[];
  readonly seconds: number;
  /** Stopped by the signal before every send went. */
  readonly interrupted: boolean;
}

interface Queued {
  readonly item: SendItem;
  /** The device's readings before it: it is due at slot / rate seconds into the run. */
  readonly slot: number;
}

/** Each device's sends in plan order, devices in order of first appearance. */
function queuesOf(sends: readonly SendItem[]): { deviceId: string; queue: Queued[] }[] {
  const slots = sendSlots(sends);
  const queues = new Map<string, Queued[]>();
  sends.forEach((item, i) => {
    const deviceId = deviceOf(item);
    let queue = queues.get(deviceId);
    if (queue === undefined) queues.set(deviceId, (queue = []));
    queue.push({ item, slot: slots[i] ?? 0 });
  });
  return [...queues].map(([deviceId, queue]) => ({ deviceId, queue }));
}

const pause = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export async function runSimulation(
  plan: SimulationPlan,
  senders: { readonly commands: CommandSender; readonly readings: ReadingSender },
  options: RunOptions,
): Promise<RunReport> {
  const now = options.now ?? Date.now;
  const began = now();
  await senders.commands.send(plan.commands);
  options.progress.write(`${plan.commands.length} commands accepted\n`);
  if (options.handled !== undefined) {
    await options.handled(plan.commands);
    options.progress.write(`${plan.commands.length} commands handled\n`);
  }

  const queues = queuesOf(plan.sends);
  const heads = queues.map(() => 0);
  const msPerSlot = 1000 / plan.options.ratePerSecond;
  const bar = progressBar('simulate', options.progress);
  const rejections: Rejection[] = [];
  let readings = 0;
  let garbage = 0;
  const stopped = () => options.signal?.aborted === true;
  const t0 = now();
  for (;;) {
    if (stopped()) break;
    const earliest = queues.reduce((min, { queue }, d) => {
      const head = queue[heads[d] ?? 0];
      return head === undefined ? min : Math.min(min, head.slot);
    }, Infinity);
    if (earliest === Infinity) break;
    let dueSlot = Infinity;
    if (!options.fast) {
      const wait = t0 + earliest * msPerSlot - now();
      if (wait > 0) await pause(wait, options.signal);
      if (stopped()) break;
      // Everything whose time has come: a device that fell behind catches up in one batch.
      dueSlot = Math.max(earliest, Math.floor((now() - t0) / msPerSlot));
    }
    const wave: DeviceBatch[] = [];
    queues.forEach(({ deviceId, queue }, d) => {
      const from = heads[d] ?? 0;
      let to = from;
      while (
        to < queue.length &&
        to - from < options.batchSize &&
        (queue[to]?.slot ?? 0) <= dueSlot
      ) {
        to += 1;
      }
      if (to === from) return;
      heads[d] = to;
      wave.push({ deviceId, items: queue.slice(from, to).map((q) => q.item) });
    });
    rejections.push(...(await senders.readings.send(wave)));
    for (const { items } of wave) {
      for (const item of items) {
        if (item.kind === 'reading') readings += 1;
        else garbage += 1;
      }
    }
    bar.update(readings + garbage, plan.sends.length);
  }
  const interrupted = readings + garbage < plan.sends.length;
  // Elsewhere than a terminal the last update already wrote its line.
  if (options.progress.isTTY === true) {
    if (interrupted) options.progress.write('\n');
    else bar.finish(plan.sends.length);
  }
  return {
    devices: plan.devices.length,
    commands: plan.commands.length,
    readings,
    garbage,
    rejections,
    seconds: (now() - began) / 1000,
    interrupted,
  };
}
