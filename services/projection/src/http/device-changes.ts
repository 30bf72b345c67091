import type { ProjectedRecord } from '../domain/read-models.js';

/** A wait on one device: resolves on its next change, when the time is up, or on close. */
export interface DeviceWatch {
  readonly settled: Promise<void>;
  cancel(): void;
}

/**
 * Tells read-your-writes requests that a device's events were applied. A request watches
 * before it reads, so a change applied between its read and its wait is never missed.
 */
export class DeviceChanges {
  private readonly watching = new Map<string, Set<() => void>>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /** Reads waiting for a version right now. */
  get waiting(): number {
    let count = 0;
    for (const watchers of this.watching.values()) count += watchers.size;
    return count;
  }

  /** `signal`: the reader went away; stop waiting for it. */
  watch(deviceId: string, withinMs: number, signal?: AbortSignal): DeviceWatch {
    let wake: () => void = () => undefined;
    const settled = new Promise<void>((resolve) => (wake = resolve));
    if (this.closed) {
      wake();
      return { settled, cancel: () => undefined };
    }
    let watchers = this.watching.get(deviceId);
    if (watchers === undefined) {
      watchers = new Set();
      this.watching.set(deviceId, watchers);
    }
    const set = watchers;
    const cancel = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      set.delete(done);
      if (set.size === 0 && this.watching.get(deviceId) === set) this.watching.delete(deviceId);
    };
    const done = () => {
      cancel();
      wake();
    };
    const timer = setTimeout(done, Math.max(0, withinMs));
    set.add(done);
    if (signal?.aborted === true) done();
    else signal?.addEventListener('abort', done, { once: true });
    return { settled, cancel };
  }

  /** After a batch: wakes whoever watches a device one of its records touched. */
  applied(records: readonly ProjectedRecord[]): void {
    const devices = new Set<string>();
    for (const { record } of records) {
      if (record.name !== 'WindowAggregate') devices.add(record.value.deviceId);
    }
    for (const deviceId of devices) {
      for (const done of [...(this.watching.get(deviceId) ?? [])]) done();
    }
  }

  /** Wakes every watcher and lets no one wait again: a shutdown answers waiting reads now. */
  close(): void {
    this.closed = true;
    for (const watchers of [...this.watching.values()]) {
      for (const done of [...watchers]) done();
    }
  }
}
