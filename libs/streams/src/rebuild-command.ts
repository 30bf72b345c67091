import type { KafkaClient } from '@streamfold/kafka';
import { progressBar, type ProgressOutput } from './progress.js';
import {
  deepEqual,
  differences,
  mergePartitions,
  rebuildFromEvents,
  restoreSnapshots,
} from './restore.js';
import type { RebuildFrom, SnapshotCodec } from './state.js';

export interface RebuildCommandOptions<S> {
  client: KafkaClient;
  rebuild: RebuildFrom<S>;
  /** With `verify`: the snapshots to compare the rebuilt state with. */
  snapshots?: { topic: string; codec: SnapshotCodec<S> };
  verify: boolean;
  out: ProgressOutput;
  equal?: (a: S, b: S) => boolean;
}

export interface RebuildReport<S> {
  readonly states: Map<string, S>;
  readonly events: number;
  /** With `verify`: keys whose rebuilt state differs from their snapshot. */
  readonly differing: readonly string[];
}

/**
 * `rebuild [--verify]`: folds the event topic alone into state, with a progress bar, and with
 * `verify` checks it against what the snapshots restore. They must be equal: a difference
 * means a snapshot, or the fold, is wrong.
 */
export async function rebuildCommand<S>(
  options: RebuildCommandOptions<S>,
): Promise<RebuildReport<S>> {
  const { client, rebuild, out } = options;
  const events = progressBar(`rebuild  ${rebuild.topic}`, out);
  const rebuilt = await rebuildFromEvents(client, rebuild, {
    onProgress: (read, total) => events.update(read, total),
  });
  events.finish(rebuilt.records);
  const states = mergePartitions(rebuilt.states);
  out.write(`rebuilt ${states.size} entities from ${rebuilt.records} events\n`);
  if (!options.verify) return { states, events: rebuilt.records, differing: [] };

  if (options.snapshots === undefined) throw new Error('verify needs the snapshot topic');
  const { topic, codec } = options.snapshots;
  const snapshots = progressBar(`restore  ${topic}`, out);
  const restored = await restoreSnapshots(client, topic, codec, {
    onProgress: (read, total) => snapshots.update(read, total),
  });
  snapshots.finish(restored.records);
  for (const [partition, why] of restored.unknownFormat) {
    out.write(`partition ${partition} holds snapshots in an unknown format: ${why}\n`);
  }
  const differing = differences(
    states,
    mergePartitions(restored.states),
    options.equal ?? deepEqual,
  );
  out.write(
    differing.length === 0 && restored.unknownFormat.size === 0
      ? `verified: the rebuild equals the snapshots for all ${states.size} entities\n`
      : `MISMATCH: ${differing.length} entities differ: ${differing.slice(0, 20).join(', ')}${differing.length > 20 ? ', …' : ''}\n`,
  );
  return {
    states,
    events: rebuilt.records,
    differing: restored.unknownFormat.size === 0 ? differing : [...differing, '(unknown format)'],
  };
}
