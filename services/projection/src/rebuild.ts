/**
 * `rebuild`: resets the read models and replays device.events and telemetry.aggregates from
 * the beginning, with a progress bar per topic. With `--verify-against <url>` it first takes
 * the live projection's read models (GET /v1/admin/read-models), replays up to exactly the
 * positions they reflect, and compares: they must be equal.
 */
import { deadLetterFor, readPartitions, type KafkaClient } from '@streamfold/kafka';
import { serdeFor, type SchemaRegistryClient, type TopicNames } from '@streamfold/schemas';
import { deepEqual, differences, progressBar, type ProgressOutput } from '@streamfold/streams';
import { isApplied, type Positions, type ProjectedTopic } from './domain/positions.js';
import type { ProjectedRecord, ReadModelsExport } from './domain/read-models.js';
import type { ReadModelStore } from './store/store.js';

export interface RebuildOptions {
  client: KafkaClient;
  registry: SchemaRegistryClient;
  names: TopicNames;
  /** Reset first, then filled from the topics. */
  store: ReadModelStore;
  out: ProgressOutput;
  /** Apply only the records these positions reflect (a live projection's), none after. */
  upTo?: Positions;
  /** Records applied per store call. */
  batchSize?: number;
  withinMs?: number;
}

export interface RebuildReport {
  /** Records read, of both topics. */
  readonly records: number;
  readonly applied: number;
  /** Records whose bytes do not decode; the live ingestion sent them to the DLQ. */
  readonly undecodable: number;
  readonly readModels: ReadModelsExport;
}

export async function rebuild(options: RebuildOptions): Promise<RebuildReport> {
  const { client, registry, names, store, out } = options;
  await store.reset();
  const serdes = {
    'device.events': serdeFor(registry, 'device.events', names.events),
    'telemetry.aggregates': serdeFor(registry, 'telemetry.aggregates', names.aggregates),
  };
  const batchSize = options.batchSize ?? 500;
  let records = 0;
  let applied = 0;
  let undecodable = 0;
  let batch: ProjectedRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    applied += (await store.apply(batch)).applied.length;
    batch = [];
  };
  const topics: [ProjectedTopic, string][] = [
    ['device.events', names.events],
    ['telemetry.aggregates', names.aggregates],
  ];
  for (const [topic, name] of topics) {
    const bar = progressBar(`rebuild  ${name}`, out);
    const read = await readPartitions(client, {
      topic: name,
      withinMs: options.withinMs ?? 600_000,
      onRecord: async (record) => {
        const position = { topic, partition: record.partition, offset: record.offset };
        if (options.upTo !== undefined && !isApplied(options.upTo, position)) return;
        records += 1;
        try {
          batch.push({ position, record: await serdes[topic].decode(record.value) });
        } catch (error) {
          if (deadLetterFor(error) === undefined) throw error;
          undecodable += 1;
          return;
        }
        if (batch.length >= batchSize) await flush();
      },
      onProgress: (done, total) => bar.update(done, total),
    });
    await flush();
    bar.finish(read.records);
  }
  return { records, applied, undecodable, readModels: await store.export() };
}

/** The keys of the views (and positions) that differ between two exports, per section. */
export function compareReadModels(a: ReadModelsExport, b: ReadModelsExport): string[] {
  const keyed = <T>(items: readonly T[], key: (t: T) => string) =>
    new Map(items.map((item) => [key(item), item] as const));
  const positions = (e: ReadModelsExport) =>
    new Map(
      Object.entries(e.positions).flatMap(([topic, partitions]) =>
        Object.entries(partitions).map(([p, offset]) => [`${topic}/${p}`, offset] as const),
      ),
    );
  const sections: [string, Map<string, unknown>, Map<string, unknown>][] = [
    ['positions', positions(a), positions(b)],
    ['devices', keyed(a.devices, (d) => d.deviceId), keyed(b.devices, (d) => d.deviceId)],
    [
      'windows',
      keyed(a.windows, (w) => `${w.deviceId}/${w.windowStart}/${w.sensor}`),
      keyed(b.windows, (w) => `${w.deviceId}/${w.windowStart}/${w.sensor}`),
    ],
    ['alerts', keyed(a.alerts, (x) => x.alertId), keyed(b.alerts, (x) => x.alertId)],
    ['commands', keyed(a.commands, (c) => c.commandId), keyed(b.commands, (c) => c.commandId)],
  ];
  return sections.flatMap(([section, x, y]) =>
    differences(x, y, deepEqual).map((key) => `${section}/${key}`),
  );
}

export interface RebuildCommandOptions extends Omit<RebuildOptions, 'upTo'> {
  /** A live projection's base URL to compare with. */
  verifyAgainst?: string;
}

/** The operator's command: rebuild, summarize, and with `verifyAgainst` compare. */
export async function rebuildCommand(
  options: RebuildCommandOptions,
): Promise<RebuildReport & { differing: readonly string[] }> {
  const { out, verifyAgainst } = options;
  let live: ReadModelsExport | undefined;
  if (verifyAgainst !== undefined) {
    const url = new URL('/v1/admin/read-models', verifyAgainst);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url.href} answered ${response.status}`);
    live = (await response.json()) as ReadModelsExport;
  }
  const report = await rebuild({
    ...options,
    ...(live === undefined ? {} : { upTo: live.positions }),
  });
  const { devices, windows, alerts, commands } = report.readModels;
  out.write(
    `rebuilt from ${report.records} records: ${devices.length} devices, ${windows.length} windows, ` +
      `${alerts.length} alerts, ${commands.length} command outcomes` +
      (report.undecodable > 0 ? ` (${report.undecodable} undecodable records skipped)` : '') +
      '\n',
  );
  if (live === undefined) return { ...report, differing: [] };
  const differing = compareReadModels(report.readModels, live);
  out.write(
    differing.length === 0
      ? `verified: the rebuild equals the live read models of ${verifyAgainst}\n`
      : `MISMATCH: ${differing.length} differ: ${differing.slice(0, 20).join(', ')}${differing.length > 20 ? ', …' : ''}\n`,
  );
  return { ...report, differing };
}
