import { describe, expect, it } from 'vitest';
import { t0, windowOf } from '../records.fixture.test.js';
import { formatMessage, StreamHistory, toStreamMessage } from './stream-history.js';

const message = (partition: number, offset: number) =>
  toStreamMessage({
    position: { topic: 'telemetry.aggregates', partition, offset: String(offset) },
    record: windowOf('d1', 'temperature', t0, [1, 2]),
  });

const ids = (resume: ReturnType<StreamHistory['resumeAfter']>) =>
  resume.kind === 'after' ? resume.messages.map((m) => m.id) : resume;

describe('the stream history', () => {
  it('names each message by its record’s position and carries the record as JSON', () => {
    const m = message(1, 7);
    expect(formatMessage(m)).toBe(
      `id: telemetry.aggregates/1/7\nevent: WindowAggregate\ndata: ${JSON.stringify({
        position: { topic: 'telemetry.aggregates', partition: 1, offset: '7' },
        value: windowOf('d1', 'temperature', t0, [1, 2]).value,
      })}\n\n`,
    );
  });

  it('resumes after an id with what followed it, in apply order', () => {
    const history = new StreamHistory(10);
    for (const [p, o] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [2, 0],
    ] as const)
      history.push(message(p, o));
    expect(ids(history.resumeAfter('telemetry.aggregates/1/0'))).toEqual([
      'telemetry.aggregates/0/1',
      'telemetry.aggregates/2/0',
    ]);
    expect(ids(history.resumeAfter('telemetry.aggregates/2/0'))).toEqual([]);
  });

  it('keeps only the last messages; an id older than that asks the client to reset', () => {
    const history = new StreamHistory(3);
    for (let offset = 0; offset < 5; offset += 1) history.push(message(0, offset));
    expect(history.size).toBe(3);
    expect(ids(history.resumeAfter('telemetry.aggregates/0/1'))).toEqual({
      kind: 'reset',
      reason: 'older-than-history',
      oldestId: 'telemetry.aggregates/0/2',
    });
    expect(ids(history.resumeAfter('telemetry.aggregates/0/2'))).toEqual([
      'telemetry.aggregates/0/3',
      'telemetry.aggregates/0/4',
    ]);
  });

  it('an id it never sent, or that is no position, is unknown', () => {
    const history = new StreamHistory(3);
    history.push(message(0, 0));
    expect(ids(history.resumeAfter('telemetry.aggregates/0/9'))).toEqual({
      kind: 'reset',
      reason: 'unknown-id',
      oldestId: 'telemetry.aggregates/0/0',
    });
    expect(ids(history.resumeAfter('hello'))).toMatchObject({ reason: 'unknown-id' });
  });

  it('with no history every resume is a reset', () => {
    const history = new StreamHistory(0);
    history.push(message(0, 0));
    expect(ids(history.resumeAfter('telemetry.aggregates/0/0'))).toEqual({
      kind: 'reset',
      reason: 'older-than-history',
      oldestId: null,
    });
  });
});
