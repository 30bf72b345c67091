import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger, ServiceOptions } from '@streamfold/observability';
import type { Positions } from '../domain/positions.js';
import type { ReadModelStore } from '../store/store.js';
import type { DeviceChanges } from './device-changes.js';
import {
  alertsQuery,
  deviceReadQuery,
  devicesQuery,
  encodeCursor,
  windowsQuery,
  type BadParam,
  type PageLimits,
  type Parsed,
  type WaitLimits,
} from './queries.js';
import type { StreamHub } from './stream-hub.js';

/** The Express app `startService` hands to a service's routes. */
export type App = Parameters<NonNullable<ServiceOptions['routes']>>[0];

export interface RoutesOptions {
  store: ReadModelStore;
  hub: StreamHub;
  changes: DeviceChanges;
  page: PageLimits;
  wait: WaitLimits;
  /** The producer's base URL, for the dashboard's acknowledge hint. */
  producerUrl: string;
  logger: Logger;
}

/** What Express's response offers that these routes use. */
interface Reply {
  status(code: number): Reply;
  type(type: string): Reply;
  set(name: string, value: string): Reply;
  json(body: unknown): unknown;
}

/** RFC 9457 problem details; `positions` says what the service had applied when it answered. */
function problem(
  res: Reply,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title, status, detail, ...extra });
}

function badQuery(res: Reply, problems: readonly BadParam[]): void {
  problem(
    res,
    400,
    'invalid query parameter',
    problems.map((p) => `${p.name}: ${p.reason}`).join('; '),
    { invalidParams: problems },
  );
}

/** The parsed query, or undefined after answering 400. */
function parsed<T>(res: Reply, result: Parsed<T>): T | undefined {
  if (result.ok) return result.value;
  badQuery(res, result.problems);
  return undefined;
}

const json = (res: Reply, status: number, body: unknown): void => {
  res.status(status).set('Cache-Control', 'no-store').json(body);
};

const publicFile = (name: string): string =>
  readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The read API: every answer carries the positions it reflects. Errors are problem+json; a
 * bad query parameter is a 400 that names it.
 */
export function mountRoutes(app: App, options: RoutesOptions): void {
  const { store, hub, changes, logger } = options;
  const page = <T>(items: readonly T[], next: string | null, positions: Positions) => ({
    items,
    next: next === null ? null : encodeCursor(next),
    positions,
  });

  /** The device once its version is at least `minVersion`, or as it is at the deadline. */
  const readAtLeast = async (
    deviceId: string,
    minVersion: number | undefined,
    until: { deadline: number; signal: AbortSignal },
  ) => {
    for (;;) {
      // Watch before reading: a version applied between the read and the wait still wakes it.
      const watch = changes.watch(deviceId, until.deadline - Date.now(), until.signal);
      const read = await store.device(deviceId);
      const reached =
        read.value !== undefined && (minVersion === undefined || read.value.version >= minVersion);
      if (reached || Date.now() >= until.deadline || changes.isClosed || until.signal.aborted) {
        watch.cancel();
        return { ...read, reached };
      }
      await watch.settled;
    }
  };

  const dashboard = publicFile('index.html').replace(
    '{{PRODUCER_URL}}',
    escapeHtml(options.producerUrl),
  );
  const dashboardScript = publicFile('dashboard.js');
  app.get('/', (_req, res) => {
    res.type('html').set('Cache-Control', 'no-cache').send(dashboard);
  });
  app.get('/dashboard.js', (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'no-cache').send(dashboardScript);
  });

  app.get('/v1/devices', async (req, res) => {
    const query = parsed(res, devicesQuery(req.query, options.page));
    if (query === undefined) return;
    const { value, positions } = await store.devices(query);
    json(res, 200, page(value.items, value.next, positions));
  });

  app.get('/v1/devices/:id', async (req, res) => {
    const query = parsed(res, deviceReadQuery(req.query, options.wait));
    if (query === undefined) return;
    const deviceId = req.params.id;
    const { minVersion, timeoutMs } = query;
    const started = Date.now();
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const {
      value: device,
      positions,
      reached,
    } = await readAtLeast(deviceId, minVersion, {
      deadline: started + (minVersion === undefined ? 0 : timeoutMs),
      signal: gone.signal,
    });
    if (gone.signal.aborted) return;
    const consistency =
      minVersion === undefined
        ? {}
        : { consistency: { minVersion, reached, waitedMs: Date.now() - started } };
    if (device === undefined) {
      problem(res, 404, 'device not found', `no device ${deviceId} in the events applied so far`, {
        deviceId,
        positions,
        ...consistency,
      });
      return;
    }
    // Not there in time: the current state, said to be older than asked, and when to ask again.
    if (!reached) res.set('Retry-After', '1');
    json(res, reached ? 200 : 202, { ...device, positions, ...consistency });
  });

  app.get('/v1/devices/:id/windows', async (req, res) => {
    const query = parsed(res, windowsQuery(req.query));
    if (query === undefined) return;
    const deviceId = req.params.id;
    const { value, positions } = await store.windows(deviceId, query);
    if (value === undefined) {
      problem(res, 404, 'device not found', `no device ${deviceId} in the events applied so far`, {
        deviceId,
        positions,
      });
      return;
    }
    json(res, 200, {
      deviceId,
      from: query.from ?? null,
      to: query.to ?? null,
      items: value,
      positions,
    });
  });

  app.get('/v1/alerts', async (req, res) => {
    const query = parsed(res, alertsQuery(req.query, options.page));
    if (query === undefined) return;
    const { value, positions } = await store.alerts(query);
    json(res, 200, page(value.items, value.next, positions));
  });

  app.get('/v1/commands/:commandId', async (req, res) => {
    const { commandId } = req.params;
    const { value, positions } = await store.command(commandId);
    if (value === undefined) {
      // Not yet known, or never sent: the outcome appears once its event is applied.
      res.set('Retry-After', '1');
      problem(
        res,
        404,
        'command outcome not known',
        `no event of command ${commandId} in the events applied so far; it may not be handled yet`,
        { commandId, positions },
      );
      return;
    }
    json(res, 200, { ...value, positions });
  });

  app.get('/v1/stream', (req, res) => {
    const header = req.get('Last-Event-ID');
    const fromQuery = typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined;
    const refused = hub.connect(res, header ?? fromQuery);
    if (refused !== undefined) {
      res.set('Retry-After', '5');
      problem(res, refused.status, 'stream unavailable', refused.detail);
    }
  });

  app.get('/v1/admin/read-models', async (_req, res) => {
    json(res, 200, await store.export());
  });

  app.use((_req, res) => {
    problem(res, 404, 'not found', 'no such resource');
  });

  // Four parameters make it Express's error handler. A 5xx never carries a stack.
  app.use((error: unknown, req: IncomingMessage, res: ServerResponse, _next: unknown) => {
    logger.error({ err: error, url: req.url }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.statusCode = 500;
    res.setHeader('Content-Type', 'application/problem+json');
    res.end(
      JSON.stringify({
        type: 'about:blank',
        title: 'internal error',
        status: 500,
        detail: 'the read failed; see the service log',
      }),
    );
  });
}
