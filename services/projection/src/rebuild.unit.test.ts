import { describe, expect, it } from 'vitest';
import type { ReadModelsExport } from './domain/read-models.js';
import { MemoryStore } from './store/memory-store.js';
import { registered, t0, windowOf } from './records.fixture.test.js';
import { compareReadModels } from './rebuild.js';

async function readModels(name: string, mean: number): Promise<ReadModelsExport> {
  const store = new MemoryStore({ windowRetentionMs: 86_400_000 });
  await store.apply([
    {
      position: { topic: 'device.events', partition: 0, offset: '0' },
      record: registered('d1', { name }),
    },
    {
      position: { topic: 'telemetry.aggregates', partition: 0, offset: '0' },
      record: windowOf('d1', 'temperature', t0, [mean]),
    },
  ]);
  return store.export();
}

describe('comparing read models', () => {
  it('finds nothing between equal ones, including one that went through JSON', async () => {
    const a = await readModels('Boiler', 20);
    expect(compareReadModels(a, JSON.parse(JSON.stringify(a)) as ReadModelsExport)).toEqual([]);
  });

  it('names each view that differs, and positions one side lacks', async () => {
    const a = await readModels('Boiler', 20);
    const b = await readModels('Kettle', 21);
    expect(compareReadModels(a, b)).toEqual([`devices/d1`, `windows/d1/${t0}/temperature`]);
    const fewer = { ...b, positions: { 'device.events': {}, 'telemetry.aggregates': {} } };
    expect(compareReadModels(a, fewer)).toContain('positions/device.events/0');
  });
});
