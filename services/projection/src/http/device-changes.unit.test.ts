import { describe, expect, it } from 'vitest';
import { registered, t0, windowOf } from '../records.fixture.test.js';
import { DeviceChanges } from './device-changes.js';

const applied = (record: Parameters<typeof registered>[0]) =>
  [
    { position: { topic: 'device.events', partition: 0, offset: '0' }, record: registered(record) },
  ] as const;

describe('device changes', () => {
  it('wakes a watcher of a device when one of its events is applied, not another’s', async () => {
    const changes = new DeviceChanges();
    const woken: string[] = [];
    const d1 = changes.watch('d1', 60_000);
    const d2 = changes.watch('d2', 60_000);
    void d1.settled.then(() => woken.push('d1'));
    void d2.settled.then(() => woken.push('d2'));
    expect(changes.waiting).toBe(2);

    changes.applied(applied('d1'));
    changes.applied([
      {
        position: { topic: 'telemetry.aggregates', partition: 0, offset: '0' },
        record: windowOf('d2', 'temperature', t0, [1]),
      },
    ]);
    await d1.settled;
    expect(woken).toEqual(['d1']);
    expect(changes.waiting).toBe(1);
    d2.cancel();
    expect(changes.waiting).toBe(0);
  });

  it('wakes a watcher when its time is up', async () => {
    const changes = new DeviceChanges();
    await changes.watch('d1', 1).settled;
    expect(changes.waiting).toBe(0);
  });

  it('stops waiting for a reader that went away', async () => {
    const changes = new DeviceChanges();
    const gone = new AbortController();
    const watch = changes.watch('d1', 60_000, gone.signal);
    gone.abort();
    await watch.settled;
    expect(changes.waiting).toBe(0);
  });

  it('on close wakes everyone and lets no one wait again', async () => {
    const changes = new DeviceChanges();
    const watch = changes.watch('d1', 60_000);
    changes.close();
    await watch.settled;
    await changes.watch('d1', 60_000).settled;
    expect(changes.isClosed).toBe(true);
    expect(changes.waiting).toBe(0);
  });
});
