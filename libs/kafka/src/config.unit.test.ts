import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { checkKafkaEnv, kafkaConfigFromEnv, kafkaConfigSchema, kafkaEnvShape } from './config.js';

// What a service does with the shape: its own schema, with the cross-field rules attached.
const envSchema = z.object(kafkaEnvShape).superRefine(checkKafkaEnv);

const env = (vars: Record<string, string>) => envSchema.parse(vars);

/** Each problem as `VARIABLE[index]: message`, the way a service reports it. */
const problems = (vars: Record<string, string>): string[] => {
  const result = envSchema.safeParse(vars);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const [variable, ...inside] = issue.path.map(String);
    return `${variable ?? ''}${inside.map((p) => `[${p}]`).join('')}: ${issue.message}`;
  });
};

describe('kafkaConfigSchema', () => {
  it('fills in the timeouts a caller leaves out', () => {
    expect(kafkaConfigSchema.parse({ brokers: ['kafka:9092'], clientId: 'producer' })).toEqual({
      brokers: ['kafka:9092'],
      clientId: 'producer',
      connectionTimeoutMs: 3_000,
      requestTimeoutMs: 30_000,
    });
  });

  it('verifies broker certificates unless told otherwise', () => {
    const config = kafkaConfigSchema.parse({
      brokers: ['kafka:9093'],
      clientId: 'producer',
      tls: { ca: 'PEM' },
    });
    expect(config.tls).toEqual({ ca: 'PEM', rejectUnauthorized: true });
  });

  it('refuses a broker that is not host:port', () => {
    for (const broker of ['kafka', 'kafka:', ':9092', 'kafka:port', 'kafka :9092']) {
      const result = kafkaConfigSchema.safeParse({ brokers: [broker], clientId: 'producer' });
      expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
        [['brokers', 0], 'expected host:port'],
      ]);
    }
  });

  it('refuses no brokers and an empty client id', () => {
    const result = kafkaConfigSchema.safeParse({ brokers: [], clientId: '' });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['brokers'], ['clientId']]);
  });

  it('refuses a SASL mechanism it does not know and empty credentials', () => {
    const base = { brokers: ['kafka:9092'], clientId: 'producer' };

    const unknown = kafkaConfigSchema.safeParse({
      ...base,
      sasl: { mechanism: 'gssapi', username: 'u', password: 'p' },
    });
    const empty = kafkaConfigSchema.safeParse({
      ...base,
      sasl: { mechanism: 'scram-sha-256', username: 'svc', password: '' },
    });

    expect(unknown.error?.issues.map((i) => i.path)).toEqual([['sasl', 'mechanism']]);
    expect(empty.error?.issues.map((i) => i.path)).toEqual([['sasl', 'password']]);
  });
});

describe('the KAFKA_* environment', () => {
  it('reads a comma-separated broker list, ignoring spaces and empty entries', () => {
    expect(env({ KAFKA_BROKERS: ' kafka-1:9092, kafka-2:9092 ,,kafka-3:19092,' })).toEqual({
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2:9092', 'kafka-3:19092'],
      KAFKA_TLS: false,
      KAFKA_TLS_REJECT_UNAUTHORIZED: true,
    });
  });

  it('names the variable and the entry of a bad broker list', () => {
    expect(problems({})).toEqual([
      'KAFKA_BROKERS: Invalid input: expected string, received undefined',
    ]);
    expect(problems({ KAFKA_BROKERS: '' })).toEqual([
      'KAFKA_BROKERS: Too small: expected string to have >=1 characters',
    ]);
    expect(problems({ KAFKA_BROKERS: ' , ' })).toEqual([
      'KAFKA_BROKERS: Too small: expected array to have >=1 items',
    ]);
    expect(problems({ KAFKA_BROKERS: 'kafka-1:9092,kafka-2' })).toEqual([
      'KAFKA_BROKERS[1]: expected host:port',
    ]);
  });

  it('takes only true or false for a flag', () => {
    expect(env({ KAFKA_BROKERS: 'kafka:9092', KAFKA_TLS: 'true' }).KAFKA_TLS).toBe(true);
    expect(
      env({ KAFKA_BROKERS: 'kafka:9092', KAFKA_TLS_REJECT_UNAUTHORIZED: 'false' })
        .KAFKA_TLS_REJECT_UNAUTHORIZED,
    ).toBe(false);
    expect(problems({ KAFKA_BROKERS: 'kafka:9092', KAFKA_TLS: '1' })).toEqual([
      'KAFKA_TLS: Invalid option: expected one of "true"|"false"',
    ]);
  });

  it('names an unknown SASL mechanism', () => {
    expect(problems({ KAFKA_BROKERS: 'kafka:9092', KAFKA_SASL_MECHANISM: 'gssapi' })).toEqual([
      'KAFKA_SASL_MECHANISM: Invalid option: expected one of "plain"|"scram-sha-256"|"scram-sha-512"',
    ]);
  });
});

describe('checkKafkaEnv', () => {
  it('asks for the username and password a SASL mechanism needs, by name', () => {
    expect(problems({ KAFKA_BROKERS: 'kafka:9092', KAFKA_SASL_MECHANISM: 'plain' })).toEqual([
      'KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is plain',
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is plain',
    ]);
  });

  it('counts an empty value as missing', () => {
    expect(
      problems({
        KAFKA_BROKERS: 'kafka:9092',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: '',
      }),
    ).toEqual(['KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is scram-sha-512']);
  });

  it('asks for nothing without a mechanism', () => {
    expect(problems({ KAFKA_BROKERS: 'kafka:9092', KAFKA_SASL_USERNAME: 'svc' })).toEqual([]);
  });
});

describe('kafkaConfigFromEnv', () => {
  it('gives a plaintext config named after the service when only brokers are set', () => {
    expect(kafkaConfigFromEnv(env({ KAFKA_BROKERS: 'kafka:9092' }), 'aggregator')).toStrictEqual({
      brokers: ['kafka:9092'],
      clientId: 'aggregator',
      connectionTimeoutMs: 3_000,
      requestTimeoutMs: 30_000,
    });
  });

  it('prefers KAFKA_CLIENT_ID to the service name', () => {
    const config = kafkaConfigFromEnv(
      env({ KAFKA_BROKERS: 'kafka:9092', KAFKA_CLIENT_ID: 'aggregator-7' }),
      'aggregator',
    );
    expect(config.clientId).toBe('aggregator-7');
  });

  it('turns on TLS with only the PEMs that are set', () => {
    const config = kafkaConfigFromEnv(
      env({ KAFKA_BROKERS: 'kafka:9093', KAFKA_TLS: 'true', KAFKA_TLS_CA: 'CA PEM' }),
      'producer',
    );
    expect(config.tls).toStrictEqual({ ca: 'CA PEM', rejectUnauthorized: true });
  });

  it('passes a client certificate and the choice not to verify the broker', () => {
    const config = kafkaConfigFromEnv(
      env({
        KAFKA_BROKERS: 'kafka:9093',
        KAFKA_TLS: 'true',
        KAFKA_TLS_CERT: 'CERT PEM',
        KAFKA_TLS_KEY: 'KEY PEM',
        KAFKA_TLS_REJECT_UNAUTHORIZED: 'false',
      }),
      'producer',
    );
    expect(config.tls).toStrictEqual({
      cert: 'CERT PEM',
      key: 'KEY PEM',
      rejectUnauthorized: false,
    });
  });

  it('leaves TLS off while KAFKA_TLS is false, whatever PEMs are set', () => {
    const config = kafkaConfigFromEnv(
      env({ KAFKA_BROKERS: 'kafka:9093', KAFKA_TLS_CA: 'CA PEM' }),
      'producer',
    );
    expect('tls' in config).toBe(false);
  });

  it('passes SASL credentials with their mechanism', () => {
    const config = kafkaConfigFromEnv(
      env({
        KAFKA_BROKERS: 'kafka:9092',
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: 's3cret',
      }),
      'producer',
    );
    expect(config.sasl).toStrictEqual({
      mechanism: 'scram-sha-256',
      username: 'svc',
      password: 's3cret',
    });
  });

  it('refuses a SASL mechanism without credentials even when checkKafkaEnv was skipped', () => {
    const unchecked = z
      .object(kafkaEnvShape)
      .parse({ KAFKA_BROKERS: 'kafka:9092', KAFKA_SASL_MECHANISM: 'plain' });

    expect(() => kafkaConfigFromEnv(unchecked, 'producer')).toThrow(z.ZodError);
  });
});
