import { describe, expect, it } from 'vitest';
import { parseCli, UsageError, type CliOptions } from './options.js';

const now = Date.UTC(2026, 5, 1);
const parse = (argv: string[], env: Record<string, string> = {}) => parseCli(argv, env, now);
const problemsOf = (argv: string[], env: Record<string, string> = {}): readonly string[] => {
  try {
    parse(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error.problems;
    throw error;
  }
  throw new Error('expected a UsageError');
};
const options = (argv: string[], env: Record<string, string> = {}): CliOptions => {
  const parsed = parse(argv, env);
  if (parsed === 'help') throw new Error('expected options');
  return parsed;
};

describe('the simulate command line', () => {
  it('has defaults: 5 devices, 1 reading a second for 10 minutes from now, over HTTP to the local producer', () => {
    expect(options([])).toEqual({
      plan: {
        seed: 1,
        devices: 5,
        ratePerSecond: 1,
        durationSeconds: 600,
        start: now,
        scenarios: ['normal'],
      },
      via: 'http',
      fast: false,
      planJson: false,
      batchSize: 100,
      producerUrl: 'http://127.0.0.1:8080',
      mqttUrl: 'mqtt://127.0.0.1:1883',
      mqttTopicRoot: 'devices',
      topicPrefix: '',
      kafka: undefined,
      projectionUrl: 'http://127.0.0.1:8083',
    });
  });

  it('with --fast and no --start, replays the span that ends now (never event times ahead of the clock)', () => {
    expect(options(['--fast', '--duration', '900']).plan.start).toBe(now - 900_000);
  });

  it('waits for outcomes at the projection it is given, or not at all with --no-wait', () => {
    expect(options(['--projection-url', 'http://projection:8083'])).toMatchObject({
      projectionUrl: 'http://projection:8083',
    });
    expect(options(['--no-wait'])).toMatchObject({ projectionUrl: undefined });
  });

  it('reads the issue’s example', () => {
    const o = options(
      '--devices 5 --rate 2 --duration 600 --seed 42 --scenario spikes,late --via http --producer-url http://127.0.0.1:8080 --fast --start 2026-01-01T00:00:00Z'.split(
        ' ',
      ),
    );
    expect(o.plan).toEqual({
      seed: 42,
      devices: 5,
      ratePerSecond: 2,
      durationSeconds: 600,
      start: Date.UTC(2026, 0, 1),
      scenarios: ['spikes', 'late'],
    });
    expect(o.fast).toBe(true);
    expect(options(['--start', '1767225600000']).plan.start).toBe(Date.UTC(2026, 0, 1));
  });

  it('falls back to the environment for the URLs, flags first', () => {
    const env = { PRODUCER_URL: 'http://producer:8080', MQTT_URL: 'mqtt://broker:1883' };
    expect(options([], env).producerUrl).toBe('http://producer:8080');
    expect(options(['--producer-url', 'http://other:1'], env).producerUrl).toBe('http://other:1');
    expect(options(['--via', 'mqtt'], env).mqttUrl).toBe('mqtt://broker:1883');
  });

  it('sends straight to Kafka with --via kafka, and with --via mqtt when no producer is given', () => {
    const env = {
      KAFKA_BROKERS: '127.0.0.1:9092',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:8081',
      TOPIC_PREFIX: 'test.',
    };
    const kafka = options(['--via', 'kafka'], env);
    expect(kafka.kafka?.config.brokers).toEqual(['127.0.0.1:9092']);
    expect(kafka.kafka?.registry.url).toBe('http://127.0.0.1:8081');
    expect(kafka.topicPrefix).toBe('test.');
    expect(options(['--via', 'mqtt'], env).kafka).toBeDefined();
    expect(
      options(['--via', 'mqtt', '--producer-url', 'http://p:8080'], env).kafka,
    ).toBeUndefined();
  });

  it('names each bad option and what it expects', () => {
    expect(
      problemsOf([
        '--rate',
        'fast',
        '--via',
        'pigeon',
        '--scenario',
        'spikes,storms',
        '--start',
        'soon',
      ]),
    ).toEqual([
      '--rate: expected readings per second, e.g. 2 or 0.5',
      '--scenario: expected scenarios among normal, spikes, late, out-of-order, garbage',
      '--start: expected an ISO 8601 time or epoch milliseconds',
      '--via: expected http, mqtt or kafka',
    ]);
    expect(problemsOf(['--duration', '120', '--scenario', 'spikes'])).toEqual([
      '--duration: the spikes scenario needs at least 420 seconds',
    ]);
    expect(problemsOf(['--devices', '0'])).toEqual(['--devices: a whole number from 1 to 10000']);
    expect(problemsOf(['--producer-url', 'ftp://x'])).toEqual([
      '--producer-url (PRODUCER_URL): expected an http(s) URL',
    ]);
    expect(problemsOf(['--colour'])[0]).toContain("'--colour'");
  });

  it('says what Kafka needs, and where it can come from', () => {
    expect(problemsOf(['--via', 'kafka'])).toEqual([
      '--kafka-brokers (KAFKA_BROKERS): required with --via kafka',
      '--schema-registry-url (SCHEMA_REGISTRY_URL): required with --via kafka',
    ]);
    expect(problemsOf(['--via', 'mqtt'])).toEqual([
      '--kafka-brokers (KAFKA_BROKERS): required with --via mqtt and no --producer-url',
      '--schema-registry-url (SCHEMA_REGISTRY_URL): required with --via mqtt and no --producer-url',
    ]);
    expect(
      problemsOf([
        '--via',
        'kafka',
        '--kafka-brokers',
        'nohost',
        '--schema-registry-url',
        'http://r:1',
      ]),
    ).toEqual(['--kafka-brokers (KAFKA_BROKERS)[0]: expected host:port']);
  });

  it('prints the plan without needing anything to send to', () => {
    expect(options(['--via', 'kafka', '--plan-json']).planJson).toBe(true);
    expect(parse(['--help'])).toBe('help');
  });
});
