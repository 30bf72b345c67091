import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { createApp, listen, mountOpsEndpoints, type ReadinessCheck } from './health.js';
import { onShutdownSignal } from './shutdown.js';

export interface ServiceOptions {
  name: string;
  http: { host: string; port: number };
  logger: Logger;
  metrics: Registry;
  readiness: readonly ReadinessCheck[];
  shutdownTimeoutMs: number;
  /** The service's own routes, mounted beside /healthz, /readyz and /metrics. */
  routes?: (app: Express) => void;
  /** Run on SIGTERM after the HTTP server stopped accepting: finish or abort work, close clients. */
  stop: readonly { name: string; run: () => Promise<void> }[];
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections would hold close() open until they time out.
    server.closeIdleConnections();
  });

/**
 * The process shell every service shares: HTTP with the ops endpoints, and a graceful
 * shutdown on SIGTERM that first turns /readyz to 503, then stops HTTP, then runs `stop`.
 */
export async function startService(
  options: ServiceOptions,
): Promise<{ app: Express; server: Server }> {
  const app = createApp();
  const ops = mountOpsEndpoints(app, {
    metrics: options.metrics,
    readiness: options.readiness,
    logger: options.logger,
  });
  options.routes?.(app);
  const server = await listen(app, options.http.port, options.http.host);
  onShutdownSignal({
    logger: options.logger,
    deadlineMs: options.shutdownTimeoutMs,
    steps: [
      {
        name: 'readiness',
        run: () => {
          ops.stopping();
          return Promise.resolve();
        },
      },
      { name: 'http', run: () => close(server) },
      ...options.stop,
    ],
  });
  options.logger.info(
    { host: options.http.host, port: options.http.port },
    `${options.name} listening`,
  );
  return { app, server };
}
