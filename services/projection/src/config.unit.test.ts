import { configProblems } from '@streamfold/testing';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const valid = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
};

const problems = (env: Record<string, string>) => configProblems(() => loadConfig(env));

describe('the projection configuration', () => {
  it('is parsed once into a frozen value with defaults spelled out', () => {
    const config = loadConfig(valid);
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.kafka).toMatchObject({
      brokers: ['127.0.0.1:9092'],
      clientId: 'streamfold-projection',
    });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8083 });
    expect(config).toMatchObject({
      topicPrefix: '',
      wait: { maxMs: 30_000, defaultMs: 5_000 },
      page: { max: 500, default: 50 },
      windowRetentionMs: 86_400_000,
      stream: { history: 10_000, heartbeatMs: 15_000, maxClients: 200 },
      dashboard: { producerUrl: 'http://localhost:8080' },
    });
  });

  it('gives each instance a consumer group of its own, under the topic prefix', () => {
    expect(loadConfig({ ...valid, TOPIC_PREFIX: 'test.' }, () => 'abc').groupId).toBe(
      'test.streamfold-projection.abc',
    );
    expect(loadConfig({ ...valid, PROJECTION_INSTANCE_ID: 'projection-0' }).groupId).toBe(
      'streamfold-projection.projection-0',
    );
    expect(loadConfig(valid).groupId).not.toBe(loadConfig(valid).groupId);
  });

  it('caps the default wait and page at their configured maximum', () => {
    const config = loadConfig({
      ...valid,
      PROJECTION_WAIT_MAX_MS: '1000',
      PROJECTION_PAGE_MAX: '20',
    });
    expect(config.wait).toEqual({ maxMs: 1_000, defaultMs: 1_000 });
    expect(config.page).toEqual({ max: 20, default: 20 });
  });

  it('names each bad projection variable', () => {
    expect(
      problems({
        ...valid,
        TOPIC_PREFIX: 'bad prefix',
        PROJECTION_INSTANCE_ID: 'a/b',
        PROJECTION_WAIT_MAX_MS: '0',
        PROJECTION_PAGE_MAX: 'many',
        PROJECTION_WINDOW_RETENTION_MS: '-5',
        STREAM_HISTORY: '-1',
        STREAM_HEARTBEAT_MS: '10',
        STREAM_MAX_CLIENTS: '1.5',
        DASHBOARD_PRODUCER_URL: 'ftp://example.com',
      }).map((problem) => problem.split(':')[0]),
    ).toEqual([
      'TOPIC_PREFIX',
      'PROJECTION_INSTANCE_ID',
      'PROJECTION_WAIT_MAX_MS',
      'PROJECTION_PAGE_MAX',
      'PROJECTION_WINDOW_RETENTION_MS',
      'STREAM_HISTORY',
      'STREAM_HEARTBEAT_MS',
      'STREAM_MAX_CLIENTS',
      'DASHBOARD_PRODUCER_URL',
    ]);
  });

  it('names every bad variable and what it expected', () => {
    expect(
      problems({ ...valid, KAFKA_BROKERS: 'broker-without-port', HTTP_PORT: '70000' }),
    ).toEqual([
      'HTTP_PORT: Too big: expected number to be <=65535',
      'KAFKA_BROKERS[0]: expected host:port',
    ]);
    expect(problems({ KAFKA_BROKERS: '127.0.0.1:9092' })[0]).toMatch(/^SCHEMA_REGISTRY_URL: /);
  });

  it('requires credentials when SASL is asked for', () => {
    expect(problems({ ...valid, KAFKA_SASL_MECHANISM: 'scram-sha-512' })).toEqual([
      'KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is scram-sha-512',
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is scram-sha-512',
    ]);
  });
});
