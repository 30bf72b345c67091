import { describe, expect, test } from 'vitest';
import { serverProperties } from './kafka.js';
import { stackOptionsFromEnv } from './options.js';

function parse(text: string): Map<string, string> {
  return new Map(
    text
      .trim()
      .split('\n')
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)] as const;
      }),
  );
}

describe('serverProperties', () => {
  const properties = parse(
    serverProperties(
      stackOptionsFromEnv({ STREAMFOLD_KAFKA_PORT: '19092', STREAMFOLD_STACK_DIR: '/data/stack' }),
    ),
  );

  test('one KRaft node on loopback at the configured ports', () => {
    expect(properties.get('process.roles')).toBe('broker,controller');
    expect(properties.get('listeners')).toBe(
      'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:9093',
    );
    expect(properties.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(properties.get('log.dirs')).toBe('/data/stack/data/kafka/logs');
  });

  test('topics are created on purpose only', () => {
    expect(properties.get('auto.create.topics.enable')).toBe('false');
  });

  test('transactions and offsets work on a single node', () => {
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'min.insync.replicas',
    ]) {
      expect(properties.get(key), key).toBe('1');
    }
  });

  test('data is kept for a week unless a topic says otherwise', () => {
    expect(properties.get('log.retention.hours')).toBe('168');
  });
});
