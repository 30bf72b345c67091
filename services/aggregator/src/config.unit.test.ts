import { configProblems } from '@streamfold/testing';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const valid = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
};

const problems = (env: Record<string, string>) => configProblems(() => loadConfig(env));

describe('the aggregator configuration', () => {
  it('is parsed once into a frozen value with defaults spelled out', () => {
    const config = loadConfig(valid);
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.kafka).toMatchObject({
      brokers: ['127.0.0.1:9092'],
      clientId: 'streamfold-aggregator',
    });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8082 });
    expect(config.windows).toEqual({ sizeMs: 60_000, allowedLatenessMs: 10_000 });
    expect(config.topicPrefix).toBe('');
    expect(config.sessionTimeoutMs).toBe(10_000);
  });

  it('reads the windows, the topic prefix and the session, refusing what cannot work', () => {
    const config = loadConfig({
      ...valid,
      WINDOW_SIZE_MS: '5000',
      ALLOWED_LATENESS_MS: '0',
      TOPIC_PREFIX: 'run-1.',
    });
    expect(config.windows).toEqual({ sizeMs: 5_000, allowedLatenessMs: 0 });
    expect(config.topicPrefix).toBe('run-1.');
    expect(problems({ ...valid, WINDOW_SIZE_MS: '0', KAFKA_SESSION_TIMEOUT_MS: '1000' })).toEqual([
      'WINDOW_SIZE_MS: Too small: expected number to be >=1',
      'KAFKA_SESSION_TIMEOUT_MS: Too small: expected number to be >=6000',
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
