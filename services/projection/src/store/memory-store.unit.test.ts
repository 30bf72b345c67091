import type { DeviceEventsRecord, TelemetryAggregatesRecord } from '@streamfold/schemas';
import { describe, expect, it } from 'vitest';
import type { ProjectedTopic } from '../domain/positions.js';
import type { ProjectedRecord } from '../domain/read-models.js';
import {
  alertIdOf,
  alertRaised,
  decommissioned,
  minute,
  registered,
  t0,
  windowOf,
} from '../records.fixture.test.js';
import { MemoryStore } from './memory-store.js';

const day = 86_400_000;
const store = (windowRetentionMs = day) => new MemoryStore({ windowRetentionMs });

/** Records of one partition of a topic, at offsets from `first` on. */
function at(
  topic: ProjectedTopic,
  partition: number,
  records: readonly (DeviceEventsRecord | TelemetryAggregatesRecord)[],
  first = 0,
): ProjectedRecord[] {
  return records.map((record, index) => ({
    position: { topic, partition, offset: String(first + index) },
    record,
  }));
}

const events = (partition: number, records: readonly DeviceEventsRecord[], first = 0) =>
  at('device.events', partition, records, first);
const aggregates = (partition: number, records: readonly TelemetryAggregatesRecord[], first = 0) =>
  at('telemetry.aggregates', partition, records, first);

describe('the in-memory store', () => {
  it('applies a batch delivered twice as once: the second changes nothing and is all skipped', async () => {
    const s = store();
    const batch = [
      ...events(0, [registered('d1'), alertRaised('d1', 2)]),
      ...aggregates(0, [windowOf('d1', 'temperature', t0, [31, 39])]),
    ];
    const first = await s.apply(batch);
    expect(first).toEqual({ applied: batch, skipped: 0 });
    const once = await s.export();

    expect(await s.apply(batch)).toEqual({ applied: [], skipped: 3 });
    expect(await s.apply(batch.slice(1, 2))).toEqual({ applied: [], skipped: 1 });
    expect(await s.export()).toEqual(once);
  });

  it('skips by partition: an older offset is skipped, a newer one of the same partition applied', async () => {
    const s = store();
    await s.apply(events(1, [registered('d1')], 5));
    const result = await s.apply([
      ...events(1, [decommissioned('d1', 2)], 4),
      ...events(1, [decommissioned('d1', 2)], 6),
      ...events(0, [registered('d2')], 0),
    ]);
    expect(result.skipped).toBe(1);
    expect(result.applied.map((r) => r.position.offset)).toEqual(['6', '0']);
    expect(await s.positions()).toEqual({
      'device.events': { '0': '0', '1': '6' },
      'telemetry.aggregates': {},
    });
  });

  it('answers every read with the positions it reflects', async () => {
    const s = store();
    await s.apply(events(2, [registered('d1')], 10));
    expect(await s.device('d1')).toMatchObject({
      value: { deviceId: 'd1', version: 1, position: { partition: 2, offset: '10' } },
      positions: { 'device.events': { '2': '10' }, 'telemetry.aggregates': {} },
    });
    expect(await s.device('unknown')).toEqual({
      value: undefined,
      positions: { 'device.events': { '2': '10' }, 'telemetry.aggregates': {} },
    });
  });

  it('lists devices by id in pages, filtered by status', async () => {
    const s = store();
    await s.apply(
      events(0, [
        registered('d3'),
        registered('d1'),
        registered('d2'),
        registered('d4'),
        decommissioned('d2', 2),
      ]),
    );
    const first = await s.devices({ limit: 2 });
    expect(first.value.items.map((d) => d.deviceId)).toEqual(['d1', 'd2']);
    expect(first.value.next).toBe('d2');
    const second = await s.devices({ limit: 2, after: 'd2' });
    expect(second.value.items.map((d) => d.deviceId)).toEqual(['d3', 'd4']);
    expect(second.value.next).toBeNull();

    const active = await s.devices({ limit: 10, status: 'ACTIVE' });
    expect(active.value.items.map((d) => d.deviceId)).toEqual(['d1', 'd3', 'd4']);
    const gone = await s.devices({ limit: 10, status: 'DECOMMISSIONED' });
    expect(gone.value.items.map((d) => d.deviceId)).toEqual(['d2']);
  });

  it('answers windows overlapping [from, to), in order of start then sensor', async () => {
    const s = store();
    await s.apply(events(0, [registered('d1'), registered('quiet')]));
    await s.apply(
      aggregates(0, [
        windowOf('d1', 'temperature', t0, [20]),
        windowOf('d1', 'humidity', t0, [50]),
        windowOf('d1', 'temperature', t0 + minute, [21]),
        windowOf('d1', 'temperature', t0 + 2 * minute, [22]),
      ]),
    );
    const starts = async (query: { from?: number; to?: number; sensor?: string }) =>
      (await s.windows('d1', query)).value?.map(
        (w) => `${(w.windowStart - t0) / minute}:${w.sensor}`,
      );

    expect(await starts({})).toEqual([
      '0:humidity',
      '0:temperature',
      '1:temperature',
      '2:temperature',
    ]);
    expect(await starts({ from: t0 + minute, to: t0 + 2 * minute })).toEqual(['1:temperature']);
    expect(await starts({ from: t0 + minute - 1 })).toEqual([
      '0:humidity',
      '0:temperature',
      '1:temperature',
      '2:temperature',
    ]);
    expect(await starts({ sensor: 'humidity' })).toEqual(['0:humidity']);
    expect((await s.windows('quiet', {})).value).toEqual([]);
    expect((await s.windows('nobody', {})).value).toBeUndefined();
  });

  it('keeps the windows within the retention of the device’s latest window', async () => {
    const s = store(2 * minute);
    await s.apply(
      aggregates(
        0,
        [0, 1, 2, 3].map((i) => windowOf('d1', 'temperature', t0 + i * minute, [i])),
      ),
    );
    const kept = (await s.windows('d1', {})).value?.map((w) => (w.windowStart - t0) / minute);
    expect(kept).toEqual([2, 3]);
  });

  it('lists alerts by state and device', async () => {
    const s = store();
    await s.apply(
      events(0, [
        registered('d1'),
        alertRaised('d1', 2, { sensor: 'temperature', windowStart: t0 }),
        alertRaised('d1', 3, { sensor: 'humidity', windowStart: t0 }),
        registered('d2'),
        alertRaised('d2', 2, { sensor: 'temperature', windowStart: t0 }),
        {
          name: 'AlertCleared',
          value: {
            deviceId: 'd1',
            meta: { version: 4, commandId: null, occurredAt: t0 + 3 * minute },
            alertId: alertIdOf('d1', 'humidity', t0),
            sensor: 'humidity',
            windowEnd: t0 + 3 * minute,
            value: 40,
          },
        },
      ]),
    );
    const ids = async (query: Parameters<MemoryStore['alerts']>[0]) =>
      (await s.alerts(query)).value.items.map((a) => a.alertId);
    expect(await ids({ state: 'open', limit: 10 })).toEqual([
      alertIdOf('d1', 'temperature', t0),
      alertIdOf('d2', 'temperature', t0),
    ]);
    expect(await ids({ state: 'cleared', limit: 10 })).toEqual([alertIdOf('d1', 'humidity', t0)]);
    expect(await ids({ state: 'all', limit: 10, deviceId: 'd1' })).toEqual([
      alertIdOf('d1', 'humidity', t0),
      alertIdOf('d1', 'temperature', t0),
    ]);
    const page = await s.alerts({ state: 'all', limit: 2 });
    expect(page.value.next).toBe(alertIdOf('d1', 'temperature', t0));
  });

  it('forgets everything on reset, positions included', async () => {
    const s = store();
    const batch = events(0, [registered('d1')]);
    await s.apply(batch);
    await s.reset();
    expect(await s.export()).toEqual({
      positions: { 'device.events': {}, 'telemetry.aggregates': {} },
      devices: [],
      windows: [],
      alerts: [],
      commands: [],
    });
    expect((await s.apply(batch)).applied).toHaveLength(1);
  });
});
