import { parseEnv } from '@streamfold/observability';
import { configProblems } from '@streamfold/testing';
import { describe, expect, it } from 'vitest';
import { SensorReadingV1Schema, SensorReadingV2Schema } from './generated/index.js';
import { initEnvSchema, systemSubjects } from './init.js';
import { topics } from './topics.js';

const required = {
  KAFKA_BROKERS: 'kafka:9092',
  SCHEMA_REGISTRY_URL: 'http://registry:8080/apis/ccompat/v7',
};

const problemsOf = (env: Record<string, string>) =>
  configProblems(() => parseEnv(initEnvSchema, env));

describe('the init environment', () => {
  it('defaults to 6 partitions, replication 1 and info logs', () => {
    expect(parseEnv(initEnvSchema, required)).toEqual({
      KAFKA_BROKERS: ['kafka:9092'],
      KAFKA_TLS: false,
      KAFKA_TLS_REJECT_UNAUTHORIZED: true,
      SCHEMA_REGISTRY_URL: 'http://registry:8080/apis/ccompat/v7',
      TOPIC_PARTITIONS: 6,
      TOPIC_REPLICATION_FACTOR: 1,
      TOPIC_PREFIX: '',
      LOG_LEVEL: 'info',
    });
  });

  it('takes a topic prefix, and refuses one a topic name cannot hold', () => {
    expect(parseEnv(initEnvSchema, { ...required, TOPIC_PREFIX: 'run-7.' }).TOPIC_PREFIX).toBe(
      'run-7.',
    );
    expect(() => parseEnv(initEnvSchema, { ...required, TOPIC_PREFIX: 'a b' })).toThrow(
      /TOPIC_PREFIX/,
    );
  });

  it('reads the topology from text', () => {
    const config = parseEnv(initEnvSchema, {
      ...required,
      TOPIC_PARTITIONS: '12',
      TOPIC_REPLICATION_FACTOR: '3',
      LOG_LEVEL: 'warn',
    });
    expect([config.TOPIC_PARTITIONS, config.TOPIC_REPLICATION_FACTOR, config.LOG_LEVEL]).toEqual([
      12,
      3,
      'warn',
    ]);
  });

  it('names the variables it needs and does not have', () => {
    expect(problemsOf({})).toEqual([
      'KAFKA_BROKERS: Invalid input: expected string, received undefined',
      'SCHEMA_REGISTRY_URL: Invalid input: expected string, received undefined',
    ]);
  });

  it.each([
    ['0', 'Too small: expected number to be >0'],
    ['-2', 'Too small: expected number to be >0'],
    ['1.5', 'Invalid input: expected int, received number'],
    ['six', 'Invalid input: expected number, received NaN'],
  ])('refuses TOPIC_PARTITIONS=%s', (value, message) => {
    expect(problemsOf({ ...required, TOPIC_PARTITIONS: value })).toEqual([
      `TOPIC_PARTITIONS: ${message}`,
    ]);
  });

  it('refuses a bad replication factor, log level and registry URL, all at once', () => {
    expect(
      problemsOf({
        ...required,
        SCHEMA_REGISTRY_URL: 'ftp://registry:8080',
        TOPIC_REPLICATION_FACTOR: '0',
        LOG_LEVEL: 'loud',
      }),
    ).toEqual([
      'SCHEMA_REGISTRY_URL: Invalid URL',
      'TOPIC_REPLICATION_FACTOR: Too small: expected number to be >0',
      'LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
    ]);
  });

  it('asks for SASL credentials when a mechanism is set', () => {
    expect(problemsOf({ ...required, KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toEqual([
      'KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is scram-sha-256',
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is scram-sha-256',
    ]);
  });
});

describe('systemSubjects', () => {
  it('is every record of every system topic, each with all its versions, oldest first', () => {
    const subjects = systemSubjects();

    expect(subjects.map((s) => s.subject)).toContain(
      'telemetry.readings-io.streamfold.telemetry.SensorReading',
    );
    expect(subjects.every((s) => (Object.values(topics) as string[]).includes(s.topic))).toBe(true);
    expect(subjects).toHaveLength(14);
    const reading = subjects.find((s) => s.record === 'io.streamfold.telemetry.SensorReading');
    expect(reading?.versions).toEqual([
      { version: 1, schema: SensorReadingV1Schema },
      { version: 2, schema: SensorReadingV2Schema },
    ]);
  });
});
