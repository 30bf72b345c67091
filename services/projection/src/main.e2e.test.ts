import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, kafkaTestEnv, startProcess, waitForOk } from '@streamfold/testing';
import { describe, expect, it } from 'vitest';
import { Feed, freshTopics } from './kafka.fixture.test.js';
import { story } from './records.fixture.test.js';
import { openStream } from './sse.fixture.test.js';

const entry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);

async function serve(prefix: string) {
  const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
  const port = String(await freePort());
  const env = {
    KAFKA_BROKERS: kafkaBrokers,
    SCHEMA_REGISTRY_URL: schemaRegistryUrl,
    TOPIC_PREFIX: prefix,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: port,
  };
  const service = startProcess(entry, env);
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/readyz`, service, '60s');
  return { service, url, env };
}

describe('the projection process', () => {
  it('becomes ready against Kafka and the registry, serves its probes, and exits 0 on SIGTERM, ending its streams', async () => {
    const { prefix } = await freshTopics();
    const { service, url } = await serve(prefix);

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('process_cpu_seconds_total{service="projection"}');
    expect(metrics).toContain('# TYPE streamfold_records_in_total counter');
    expect(metrics).toContain('# TYPE streamfold_batch_duration_seconds histogram');
    expect(metrics).toContain('# TYPE streamfold_dead_letters_total counter');
    expect(metrics).toContain('streamfold_consumer_lag{topic=');
    expect(metrics).toContain('projection_stream_clients{service="projection"} 0');
    const dashboard = await fetch(`${url}/`);
    expect(dashboard.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await dashboard.text()).toContain('<script src="/dashboard.js"');

    // A stream open at SIGTERM is ended by the server, and the process still exits 0.
    const stream = await openStream(`${url}/v1/stream`);
    expect(await service.stop('SIGTERM', '10s')).toBe(0);
    await stream.ended;
    // Structured logs: every line is JSON with the service's name.
    const lines = service
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { service: string });
    expect(lines.every((line) => line.service === 'projection')).toBe(true);
  });

  it('rebuild --verify-against a running projection replays the topics and finds them equal', async () => {
    const topics = await freshTopics();
    const feed = new Feed(topics.names);
    try {
      await feed.sendEvents(story.events);
      await feed.sendAggregates(story.aggregates);
    } finally {
      await feed.close();
    }
    const { service, url, env } = await serve(topics.prefix);
    try {
      const { stderr } = await run(process.execPath, [entry, 'rebuild', '--verify-against', url], {
        env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'warn' },
      });
      expect(stderr).toContain(`rebuild  ${topics.names.events} [`);
      expect(stderr).toContain(
        'rebuilt from 10 records: 2 devices, 4 windows, 1 alerts, 5 command outcomes',
      );
      expect(stderr).toContain(`verified: the rebuild equals the live read models of ${url}`);
    } finally {
      expect(await service.stop('SIGTERM', '10s')).toBe(0);
    }
  });

  it('refuses to start on a bad variable, naming it', async () => {
    const service = startProcess(entry, {
      KAFKA_BROKERS: 'not a broker',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1',
    });
    expect(await service.exited).toBe(78);
    expect(service.output()).toContain('KAFKA_BROKERS');
  });

  it('refuses a command it does not know, with its usage', async () => {
    const failed = await run(process.execPath, [entry, 'rebuild', '--verify'], {
      env: { PATH: process.env.PATH ?? '' },
    }).catch((error: unknown) => error as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('usage: streamfold-projection');
  });
});
