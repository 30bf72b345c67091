import type { Position, Positions, ProjectedTopic } from '../domain/positions.js';
import { project, touchedBy } from '../domain/project.js';
import type {
  AlertView,
  CommandOutcome,
  DeviceView,
  ProjectedRecord,
  ReadModelsExport,
  WindowView,
} from '../domain/read-models.js';
import type {
  AlertsQuery,
  ApplyResult,
  DevicesQuery,
  Page,
  ReadModelStore,
  Reflecting,
  WindowsQuery,
} from './store.js';

export interface MemoryStoreOptions {
  /**
   * A device keeps the windows that end within this many ms of its latest window's end. Based
   * on the data, not a clock, so a rebuild keeps exactly what the live store kept.
   */
  windowRetentionMs: number;
}

/** The read models in this process's memory: the default store; every instance holds them all. */
export class MemoryStore implements ReadModelStore {
  private readonly deviceViews = new Map<string, DeviceView>();
  /** By deviceId, then `${windowStart}/${sensor}`, in the order they were applied. */
  private readonly windowViews = new Map<string, Map<string, WindowView>>();
  private readonly latestWindowEnd = new Map<string, number>();
  private readonly alertViews = new Map<string, AlertView>();
  private readonly commandViews = new Map<string, CommandOutcome>();
  /** `${topic}/${partition}` → the offset of the last applied record. */
  private readonly lastApplied = new Map<string, bigint>();

  constructor(private readonly options: MemoryStoreOptions) {}

  apply(batch: readonly ProjectedRecord[]): Promise<ApplyResult> {
    const applied: ProjectedRecord[] = [];
    let skipped = 0;
    for (const entry of batch) {
      if (this.isApplied(entry.position)) {
        skipped += 1;
        continue;
      }
      this.applyOne(entry);
      this.lastApplied.set(partitionKey(entry.position), BigInt(entry.position.offset));
      applied.push(entry);
    }
    return Promise.resolve({ applied, skipped });
  }

  device(deviceId: string): Promise<Reflecting<DeviceView | undefined>> {
    return this.reflecting(this.deviceViews.get(deviceId));
  }

  devices(query: DevicesQuery): Promise<Reflecting<Page<DeviceView>>> {
    const matching = [...this.deviceViews.values()].filter(
      (d) => query.status === undefined || d.status === query.status,
    );
    return this.reflecting(page(matching, (d) => d.deviceId, query));
  }

  windows(deviceId: string, query: WindowsQuery): Promise<Reflecting<WindowView[] | undefined>> {
    const windows = this.windowViews.get(deviceId);
    if (windows === undefined) {
      return this.reflecting(this.deviceViews.has(deviceId) ? [] : undefined);
    }
    const from = query.from ?? -Infinity;
    const to = query.to ?? Infinity;
    const selected = [...windows.values()]
      .filter(
        (w) =>
          w.windowEnd > from &&
          w.windowStart < to &&
          (query.sensor === undefined || w.sensor === query.sensor),
      )
      .sort(byWindow);
    return this.reflecting(selected);
  }

  alerts(query: AlertsQuery): Promise<Reflecting<Page<AlertView>>> {
    const matching = [...this.alertViews.values()].filter(
      (a) =>
        (query.state === 'all' || a.state === query.state) &&
        (query.deviceId === undefined || a.deviceId === query.deviceId),
    );
    return this.reflecting(page(matching, (a) => a.alertId, query));
  }

  command(commandId: string): Promise<Reflecting<CommandOutcome | undefined>> {
    return this.reflecting(this.commandViews.get(commandId));
  }

  positions(): Promise<Positions> {
    return Promise.resolve(this.currentPositions());
  }

  export(): Promise<ReadModelsExport> {
    const byKey =
      <T>(key: (t: T) => string) =>
      (a: T, b: T) =>
        compareKeys(key(a), key(b));
    return Promise.resolve({
      positions: this.currentPositions(),
      devices: [...this.deviceViews.values()].sort(byKey((d) => d.deviceId)),
      windows: [...this.windowViews.values()]
        .flatMap((w) => [...w.values()])
        .sort((a, b) => compareKeys(a.deviceId, b.deviceId) || byWindow(a, b)),
      alerts: [...this.alertViews.values()].sort(byKey((a) => a.alertId)),
      commands: [...this.commandViews.values()].sort(byKey((c) => c.commandId)),
    });
  }

  reset(): Promise<void> {
    this.deviceViews.clear();
    this.windowViews.clear();
    this.latestWindowEnd.clear();
    this.alertViews.clear();
    this.commandViews.clear();
    this.lastApplied.clear();
    return Promise.resolve();
  }

  private isApplied(position: Position): boolean {
    const last = this.lastApplied.get(partitionKey(position));
    return last !== undefined && BigInt(position.offset) <= last;
  }

  private applyOne(entry: ProjectedRecord): void {
    const touched = touchedBy(entry);
    const changes = project(entry, {
      device: this.deviceViews.get(touched.deviceId),
      alert: touched.alertId === undefined ? undefined : this.alertViews.get(touched.alertId),
      command:
        touched.commandId === undefined ? undefined : this.commandViews.get(touched.commandId),
    });
    if (changes.device !== undefined) this.deviceViews.set(changes.device.deviceId, changes.device);
    if (changes.alert !== undefined) this.alertViews.set(changes.alert.alertId, changes.alert);
    if (changes.command !== undefined) {
      this.commandViews.set(changes.command.commandId, changes.command);
    }
    if (changes.window !== undefined) this.keepWindow(changes.window);
  }

  private keepWindow(window: WindowView): void {
    let windows = this.windowViews.get(window.deviceId);
    if (windows === undefined) {
      windows = new Map();
      this.windowViews.set(window.deviceId, windows);
    }
    windows.set(`${window.windowStart}/${window.sensor}`, window);
    const latest = Math.max(
      this.latestWindowEnd.get(window.deviceId) ?? -Infinity,
      window.windowEnd,
    );
    this.latestWindowEnd.set(window.deviceId, latest);
    // A device's windows arrive in order of windowStart (they close in that order), so the
    // expired ones are at the front.
    const cutoff = latest - this.options.windowRetentionMs;
    for (const [key, kept] of windows) {
      if (kept.windowEnd > cutoff) break;
      windows.delete(key);
    }
  }

  private currentPositions(): Positions {
    const positions: Record<ProjectedTopic, Record<string, string>> = {
      'device.events': {},
      'telemetry.aggregates': {},
    };
    for (const [key, offset] of this.lastApplied) {
      const [topic, partition] = key.split('/') as [ProjectedTopic, string];
      positions[topic][partition] = offset.toString();
    }
    return positions;
  }

  private reflecting<T>(value: T): Promise<Reflecting<T>> {
    return Promise.resolve({ value, positions: this.currentPositions() });
  }
}

const partitionKey = (position: Position): string => `${position.topic}/${position.partition}`;

// Ordinal comparison: the same order a database's C collation gives, whatever the locale.
const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const byWindow = (a: WindowView, b: WindowView): number =>
  a.windowStart - b.windowStart || compareKeys(a.sensor, b.sensor);

function page<T>(
  items: readonly T[],
  key: (item: T) => string,
  query: { after?: string; limit: number },
): Page<T> {
  const sorted = items
    .filter((item) => query.after === undefined || key(item) > query.after)
    .sort((a, b) => compareKeys(key(a), key(b)));
  const taken = sorted.slice(0, query.limit);
  const last = taken.at(-1);
  return {
    items: taken,
    next: sorted.length > query.limit && last !== undefined ? key(last) : null,
  };
}
