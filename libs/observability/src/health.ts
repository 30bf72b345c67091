import type { Server } from 'node:http';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** A dependency the service needs to do its work; throws (or rejects) when it cannot answer. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
}

export interface Probe {
  ready: boolean;
  checks: CheckResult[];
}

const withDeadline = async (check: () => Promise<void>, ms: number): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

/** Runs every check in parallel, each with its own deadline. */
export async function probe(checks: readonly ReadinessCheck[], deadlineMs: number): Promise<Probe> {
  const results = await Promise.all(
    checks.map(async ({ name, check }): Promise<CheckResult> => {
      try {
        await withDeadline(check, deadlineMs);
        return { name, ok: true };
      } catch (error) {
        return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  return { ready: results.every((r) => r.ok), checks: results };
}

export interface OpsEndpointsOptions {
  metrics: Registry;
  readiness: readonly ReadinessCheck[];
  logger: Logger;
  /** Per check; a dependency that hangs makes the service unready, not the probe hang. */
  checkDeadlineMs?: number;
}

/**
 * `/healthz` (the process is alive and serving), `/readyz` (its dependencies answer: send
 * traffic), `/metrics` (Prometheus text format). Mount on the service's own app so that
 * one port serves both the API and the probes.
 */
export function mountOpsEndpoints(
  app: Express,
  options: OpsEndpointsOptions,
): { stopping: () => void } {
  let stopping = false;
  const deadline = options.checkDeadlineMs ?? 2_000;
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ ready: false, checks: [], reason: 'shutting down' });
      return;
    }
    const result = await probe(options.readiness, deadline);
    if (!result.ready) options.logger.warn({ checks: result.checks }, 'not ready');
    res.status(result.ready ? 200 : 503).json(result);
  });
  app.get('/metrics', async (_req, res) => {
    res.type(options.metrics.contentType).send(await options.metrics.metrics());
  });
  return { stopping: () => (stopping = true) };
}

export function createApp(): Express {
  const app = express();
  app.disable('x-powered-by');
  return app;
}

/** Starts listening; resolves once the port is bound (so a taken port is an error, not a log line). */
export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error) reject(error);
      else resolve(server);
    });
  });
}
