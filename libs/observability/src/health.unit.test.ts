import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, listen, mountOpsEndpoints, probe, type ReadinessCheck } from './health.js';
import { createLogger } from './logger.js';

const answers = (name: string): ReadinessCheck => ({ name, check: () => Promise.resolve() });
const fails = (name: string, error: Error): ReadinessCheck => ({
  name,
  check: () => Promise.reject(error),
});
const hangs = (name: string): ReadinessCheck => ({
  name,
  check: () => new Promise<void>(() => undefined),
});

describe('probe', () => {
  it('is ready when every dependency answers, listing each in order', async () => {
    await expect(probe([answers('kafka'), answers('registry')], 1_000)).resolves.toEqual({
      ready: true,
      checks: [
        { name: 'kafka', ok: true },
        { name: 'registry', ok: true },
      ],
    });
  });

  it('is ready with no dependencies', async () => {
    await expect(probe([], 1_000)).resolves.toEqual({ ready: true, checks: [] });
  });

  it('is not ready when one dependency fails, and names it with the reason', async () => {
    const result = await probe(
      [answers('kafka'), fails('registry', new Error('connect ECONNREFUSED 127.0.0.1:8081'))],
      1_000,
    );

    expect(result).toEqual({
      ready: false,
      checks: [
        { name: 'kafka', ok: true },
        { name: 'registry', ok: false, error: 'connect ECONNREFUSED 127.0.0.1:8081' },
      ],
    });
  });

  it('describes a rejection that is not an Error by its string form', async () => {
    const rejectsWithText: ReadinessCheck = {
      name: 'kafka',
      // What a careless client library does; the probe must still say why.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      check: () => Promise.reject('broker gone'),
    };
    const result = await probe([rejectsWithText], 1_000);
    expect(result.checks).toEqual([{ name: 'kafka', ok: false, error: 'broker gone' }]);
  });

  it('counts a check that throws before returning a promise as failed', async () => {
    const throwing: ReadinessCheck = {
      name: 'kafka',
      check: () => {
        throw new Error('not connected');
      },
    };
    const result = await probe([throwing], 1_000);
    expect(result.checks).toEqual([{ name: 'kafka', ok: false, error: 'not connected' }]);
  });

  it('turns a dependency that hangs into a failure at the deadline', async () => {
    const result = await probe([hangs('registry'), answers('kafka')], 20);

    expect(result).toEqual({
      ready: false,
      checks: [
        { name: 'registry', ok: false, error: 'no answer within 20 ms' },
        { name: 'kafka', ok: true },
      ],
    });
  });

  it('runs the checks at the same time', async () => {
    // Each check answers only once the other has started: run one after the other, both hang.
    let startA!: () => void;
    let startB!: () => void;
    const aStarted = new Promise<void>((resolve) => (startA = resolve));
    const bStarted = new Promise<void>((resolve) => (startB = resolve));
    const a: ReadinessCheck = {
      name: 'a',
      check: () => {
        startA();
        return bStarted;
      },
    };
    const b: ReadinessCheck = {
      name: 'b',
      check: () => {
        startB();
        return aStarted;
      },
    };

    await expect(probe([a, b], 1_000)).resolves.toMatchObject({ ready: true });
  });
});

describe('the ops endpoints', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            server.closeAllConnections();
          }),
      ),
    );
  });

  const serve = async (readiness: readonly ReadinessCheck[]) => {
    const lines: string[] = [];
    const logger = createLogger({
      service: 'ops-test',
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    const metrics = new Registry();
    metrics.setDefaultLabels({ service: 'ops-test' });
    const app = createApp();
    const ops = mountOpsEndpoints(app, { metrics, readiness, logger, checkDeadlineMs: 50 });
    const server = await listen(app, 0, '127.0.0.1');
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { get, ops, metrics, logged };
  };

  it('/healthz answers 200 while the process serves, whatever its dependencies', async () => {
    const { get } = await serve([fails('kafka', new Error('down'))]);

    const response = await get('/healthz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('/readyz answers 200 with every check when all dependencies answer', async () => {
    const { get, logged } = await serve([answers('kafka'), answers('registry')]);

    const response = await get('/readyz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ready: true,
      checks: [
        { name: 'kafka', ok: true },
        { name: 'registry', ok: true },
      ],
    });
    expect(logged()).toEqual([]);
  });

  it('/readyz answers 503 naming the failing check, and logs it', async () => {
    const { get, logged } = await serve([
      answers('kafka'),
      fails('registry', new Error('answered 500')),
      hangs('database'),
    ]);

    const response = await get('/readyz');

    const checks = [
      { name: 'kafka', ok: true },
      { name: 'registry', ok: false, error: 'answered 500' },
      { name: 'database', ok: false, error: 'no answer within 50 ms' },
    ];
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ready: false, checks });
    expect(logged()).toMatchObject([
      { level: 'warn', service: 'ops-test', msg: 'not ready', checks },
    ]);
  });

  it('/readyz answers 503 once the service is stopping, without asking the dependencies', async () => {
    let asked = 0;
    const { get, ops } = await serve([
      {
        name: 'kafka',
        check: () => {
          asked += 1;
          return Promise.resolve();
        },
      },
    ]);
    expect((await get('/readyz')).status).toBe(200);

    ops.stopping();
    const response = await get('/readyz');

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ready: false, checks: [], reason: 'shutting down' });
    expect(asked).toBe(1);
  });

  it('/metrics serves the registry in the Prometheus text format', async () => {
    const { get, metrics } = await serve([]);
    new Counter({ name: 'readings_total', help: 'Readings accepted', registers: [metrics] }).inc(3);

    const response = await get('/metrics');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await response.text()).toBe(
      [
        '# HELP readings_total Readings accepted',
        '# TYPE readings_total counter',
        'readings_total{service="ops-test"} 3',
        '',
      ].join('\n'),
    );
  });
});

describe('listen', () => {
  it('rejects when the port is taken instead of only logging it', async () => {
    const first = await listen(createApp(), 0, '127.0.0.1');
    try {
      const { port } = first.address() as AddressInfo;
      await expect(listen(createApp(), port, '127.0.0.1')).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await new Promise<void>((resolve) => first.close(() => resolve()));
    }
  });
});
