import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions } from './logger.js';

const capture = (level: LoggerOptions['level'] = 'info') => {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'aggregator',
    level,
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  });
  const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, logged };
};

describe('createLogger', () => {
  it('writes one JSON line per entry with the service, a level label and an ISO time', () => {
    const { logger, logged } = capture();

    logger
      .child({ ns: 'aggregator.processor' })
      .info({ topic: 'telemetry.readings', partition: 2 }, 'assigned');

    const [line, ...rest] = logged();
    expect(rest).toEqual([]);
    expect(line).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      service: 'aggregator',
      ns: 'aggregator.processor',
      topic: 'telemetry.readings',
      partition: 2,
      msg: 'assigned',
    });
  });

  it('drops entries below its level', () => {
    const { logger, logged } = capture('warn');

    logger.info('routine');
    logger.warn('lagging');

    expect(logged().map((line) => [line.level, line.msg])).toEqual([['warn', 'lagging']]);
  });

  it('never prints a password or a TLS key of a configuration it is given', () => {
    const { logger, logged } = capture();
    const kafka = {
      brokers: ['kafka:9093'],
      sasl: { mechanism: 'plain', username: 'svc', password: 's3cret' },
      tls: { cert: 'CERT PEM', key: 'KEY PEM' },
    };

    logger.info({ kafka, registry: { username: 'svc', password: 'r3g' } }, 'nested');
    logger.info(kafka, 'top level');
    logger.info({ password: 'p' }, 'bare');

    const redactedKafka = {
      ...kafka,
      sasl: { ...kafka.sasl, password: '[redacted]' },
      tls: { ...kafka.tls, key: '[redacted]' },
    };
    expect(logged()).toMatchObject([
      { kafka: redactedKafka, registry: { username: 'svc', password: '[redacted]' } },
      { ...redactedKafka, msg: 'top level' },
      { password: '[redacted]', msg: 'bare' },
    ]);
    expect(JSON.stringify(logged())).not.toMatch(/s3cret|r3g|KEY PEM/);
  });
});
