import { configProblems } from '@streamfold/testing';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const valid = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081/apis/ccompat/v7',
};

const problems = (env: Record<string, string>) => configProblems(() => loadConfig(env));

describe('the producer configuration', () => {
  it('is parsed once into a frozen value with defaults spelled out', () => {
    const config = loadConfig(valid);
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.kafka).toMatchObject({
      brokers: ['127.0.0.1:9092'],
      clientId: 'streamfold-producer',
    });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080 });
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

  it('spells out the defaults of the ingest settings, with MQTT off', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      topicPrefix: '',
      readings: { maxBatch: 1_000 },
      bodyLimitBytes: 1_048_576,
      sendTimeoutMs: 5_000,
      retryAfterSeconds: 5,
      projectionUrl: null,
      mqtt: null,
    });
  });

  it('turns the MQTT bridge on with MQTT_URL, an empty one meaning off', () => {
    expect(loadConfig({ ...valid, MQTT_URL: '' }).mqtt).toBeNull();
    expect(
      loadConfig({
        ...valid,
        MQTT_URL: 'mqtt://127.0.0.1:1883',
        MQTT_TOPIC_ROOT: 'site-1/devices',
        MQTT_USERNAME: 'bridge',
        MQTT_PASSWORD: 'secret',
      }).mqtt,
    ).toEqual({
      url: 'mqtt://127.0.0.1:1883',
      topicRoot: 'site-1/devices',
      clientId: 'streamfold-producer',
      sessionExpirySeconds: 86_400,
      maxPayloadBytes: 262_144,
      username: 'bridge',
      password: 'secret',
    });
  });

  it('names each bad ingest variable', () => {
    expect(
      problems({
        ...valid,
        TOPIC_PREFIX: 'a prefix',
        READINGS_MAX_BATCH: '0',
        HTTP_BODY_LIMIT_BYTES: 'lots',
        KAFKA_SEND_TIMEOUT_MS: '-1',
        RETRY_AFTER_SECONDS: '1.5',
        PROJECTION_URL: 'ftp://projection',
        MQTT_URL: 'http://mosquitto',
        MQTT_TOPIC_ROOT: 'devices/#',
        MQTT_CLIENT_ID: 'has space',
      }).map((problem) => problem.split(':')[0]),
    ).toEqual([
      'TOPIC_PREFIX',
      'READINGS_MAX_BATCH',
      'HTTP_BODY_LIMIT_BYTES',
      'KAFKA_SEND_TIMEOUT_MS',
      'RETRY_AFTER_SECONDS',
      'PROJECTION_URL',
      'MQTT_URL',
      'MQTT_TOPIC_ROOT',
      'MQTT_CLIENT_ID',
    ]);
  });
});
