import { describe, expect, it } from 'vitest';
import {
  alertsQuery,
  deviceReadQuery,
  devicesQuery,
  encodeCursor,
  windowsQuery,
} from './queries.js';

const limits = { default: 50, max: 500 };
const wait = { defaultMs: 5_000, maxMs: 30_000 };

describe('the devices query', () => {
  it('has a default page and no filter', () => {
    expect(devicesQuery({}, limits)).toEqual({ ok: true, value: { limit: 50 } });
  });

  it('filters by status in any case, and pages after the cursor’s key', () => {
    expect(
      devicesQuery({ status: 'Decommissioned', limit: '10', cursor: encodeCursor('d7') }, limits),
    ).toEqual({ ok: true, value: { status: 'DECOMMISSIONED', limit: 10, after: 'd7' } });
  });

  it('caps the limit at the maximum', () => {
    expect(devicesQuery({ limit: '100000' }, limits)).toEqual({ ok: true, value: { limit: 500 } });
  });

  it('names every bad parameter and what it expected', () => {
    expect(devicesQuery({ status: 'broken', limit: '0', cursor: 'garbage!' }, limits)).toEqual({
      ok: false,
      problems: [
        { name: 'status', reason: 'expected one of active, decommissioned, got "broken"' },
        { name: 'cursor', reason: 'not a cursor this service gave out' },
        { name: 'limit', reason: 'expected an integer of at least 1, got "0"' },
      ],
    });
    expect(devicesQuery({ limit: ['1', '2'] }, limits)).toEqual({
      ok: false,
      problems: [{ name: 'limit', reason: 'expected one value' }],
    });
  });
});

describe('the alerts query', () => {
  it('is every alert by default, and open, cleared or all when asked', () => {
    expect(alertsQuery({}, limits)).toEqual({ ok: true, value: { state: 'all', limit: 50 } });
    expect(alertsQuery({ state: 'open', deviceId: 'd1' }, limits)).toEqual({
      ok: true,
      value: { state: 'open', deviceId: 'd1', limit: 50 },
    });
    expect(alertsQuery({ state: 'closed' }, limits)).toEqual({
      ok: false,
      problems: [{ name: 'state', reason: 'expected one of open, cleared, all, got "closed"' }],
    });
  });
});

describe('the windows query', () => {
  it('takes epoch milliseconds or ISO 8601 times', () => {
    expect(windowsQuery({ from: '1735689600000', to: '2025-01-01T00:05:00Z' })).toEqual({
      ok: true,
      value: { from: 1_735_689_600_000, to: 1_735_689_900_000 },
    });
    expect(windowsQuery({ from: '2025-01-01', sensor: 'temperature' })).toEqual({
      ok: true,
      value: { from: 1_735_689_600_000, sensor: 'temperature' },
    });
  });

  it('names a time it cannot read, and a to before from', () => {
    expect(windowsQuery({ from: 'yesterday' })).toEqual({
      ok: false,
      problems: [
        {
          name: 'from',
          reason: 'expected epoch milliseconds or an ISO 8601 time, got "yesterday"',
        },
      ],
    });
    expect(windowsQuery({ from: '2000', to: '1000' })).toEqual({
      ok: false,
      problems: [{ name: 'to', reason: 'must not be before from (2000)' }],
    });
  });
});

describe('the device read query', () => {
  it('waits the default time, capped by the maximum', () => {
    expect(deviceReadQuery({}, wait)).toEqual({ ok: true, value: { timeoutMs: 5_000 } });
    expect(deviceReadQuery({ minVersion: '3', timeoutMs: '600000' }, wait)).toEqual({
      ok: true,
      value: { minVersion: 3, timeoutMs: 30_000 },
    });
  });

  it('names a minVersion or timeoutMs that is not a whole number', () => {
    expect(deviceReadQuery({ minVersion: 'two', timeoutMs: '-1' }, wait)).toEqual({
      ok: false,
      problems: [
        { name: 'minVersion', reason: 'expected an integer of at least 0, got "two"' },
        { name: 'timeoutMs', reason: 'expected an integer of at least 0, got "-1"' },
      ],
    });
  });
});
