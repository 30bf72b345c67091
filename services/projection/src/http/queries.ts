/**
 * Query parameters to typed queries, pure. A bad parameter is named with what was expected,
 * for a 400 problem+json; unknown parameters are ignored.
 */
import type { AlertsQuery, DevicesQuery, WindowsQuery } from '../store/store.js';

export interface BadParam {
  readonly name: string;
  readonly reason: string;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly BadParam[] };

/** What Express hands over as `req.query`: strings, arrays of them, or nested objects. */
export type RawQuery = Readonly<Record<string, unknown>>;

export interface PageLimits {
  readonly default: number;
  readonly max: number;
}

export interface WaitLimits {
  readonly defaultMs: number;
  readonly maxMs: number;
}

export interface DeviceReadQuery {
  readonly minVersion?: number;
  readonly timeoutMs: number;
}

/** A cursor is opaque to clients: the key the next page starts after, base64url-encoded. */
export const encodeCursor = (after: string): string =>
  Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');

function decodeCursor(cursor: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'after' in parsed) {
      const { after } = parsed;
      if (typeof after === 'string') return after;
    }
  } catch {
    // Not base64url JSON: the caller names the parameter as invalid.
  }
  return undefined;
}

/** Collects the problems of several parameters, so that a 400 names them all at once. */
class Reader {
  readonly problems: BadParam[] = [];
  constructor(private readonly query: RawQuery) {}

  string(name: string): string | undefined {
    const raw = this.query[name];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') {
      this.problems.push({ name, reason: 'expected one value' });
      return undefined;
    }
    return raw;
  }

  integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      this.problems.push({
        name,
        reason:
          max === Number.MAX_SAFE_INTEGER
            ? `expected an integer of at least ${min}, got ${JSON.stringify(raw)}`
            : `expected an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
      });
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = allowed.find((a) => a === raw.toLowerCase());
    if (value === undefined) {
      this.problems.push({
        name,
        reason: `expected one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`,
      });
    }
    return value;
  }

  /** Epoch milliseconds, or an ISO 8601 date or date-time. */
  time(name: string): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = /^-?\d+$/.test(raw)
      ? Number(raw)
      : /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw)
        ? Date.parse(raw)
        : NaN;
    if (!Number.isSafeInteger(value)) {
      this.problems.push({
        name,
        reason: `expected epoch milliseconds or an ISO 8601 time, got ${JSON.stringify(raw)}`,
      });
      return undefined;
    }
    return value;
  }

  cursor(name: string): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const after = decodeCursor(raw);
    if (after === undefined) {
      this.problems.push({ name, reason: 'not a cursor this service gave out' });
    }
    return after;
  }

  limit(name: string, limits: PageLimits): number {
    // Above the maximum is capped, not refused: a client asking for much gets the most there is.
    const limit = this.integer(name, 1);
    return Math.min(limit ?? limits.default, limits.max);
  }

  done<T>(value: T): Parsed<T> {
    return this.problems.length === 0
      ? { ok: true, value }
      : { ok: false, problems: this.problems };
  }
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

const statusOf = { active: 'ACTIVE', decommissioned: 'DECOMMISSIONED' } as const;

export function devicesQuery(query: RawQuery, limits: PageLimits): Parsed<DevicesQuery> {
  const read = new Reader(query);
  const status = read.oneOf('status', ['active', 'decommissioned'] as const);
  const after = read.cursor('cursor');
  const limit = read.limit('limit', limits);
  return read.done({
    limit,
    ...optional('status', status === undefined ? undefined : statusOf[status]),
    ...optional('after', after),
  });
}

export function alertsQuery(query: RawQuery, limits: PageLimits): Parsed<AlertsQuery> {
  const read = new Reader(query);
  const state = read.oneOf('state', ['open', 'cleared', 'all'] as const) ?? 'all';
  const deviceId = read.string('deviceId');
  const after = read.cursor('cursor');
  const limit = read.limit('limit', limits);
  return read.done({
    state,
    limit,
    ...optional('deviceId', deviceId),
    ...optional('after', after),
  });
}

export function windowsQuery(query: RawQuery): Parsed<WindowsQuery> {
  const read = new Reader(query);
  const from = read.time('from');
  const to = read.time('to');
  const sensor = read.string('sensor');
  if (from !== undefined && to !== undefined && to < from) {
    read.problems.push({ name: 'to', reason: `must not be before from (${from})` });
  }
  return read.done({
    ...optional('from', from),
    ...optional('to', to),
    ...optional('sensor', sensor),
  });
}

export function deviceReadQuery(query: RawQuery, wait: WaitLimits): Parsed<DeviceReadQuery> {
  const read = new Reader(query);
  const minVersion = read.integer('minVersion', 0);
  const timeoutMs = read.integer('timeoutMs', 0);
  return read.done({
    ...optional('minVersion', minVersion),
    // Capped by PROJECTION_WAIT_MAX_MS: a client cannot hold a request open longer.
    timeoutMs: Math.min(timeoutMs ?? wait.defaultMs, wait.maxMs),
  });
}
