import type { OpenWindowV2, WindowAggregate } from '@streamfold/schemas';

/** A window with readings that has not closed yet: exactly the snapshot's OpenWindow record. */
export type OpenWindow = OpenWindowV2;

export interface WindowSettings {
  /** Tumbling window length, ms. */
  readonly sizeMs: number;
  /** How far behind the newest event time a reading may be and still count, ms. */
  readonly allowedLatenessMs: number;
}

/** The start of the tumbling window holding `eventTime`: windows are [start, start + size). */
export const windowStartOf = (eventTime: number, sizeMs: number): number =>
  Math.floor(eventTime / sizeMs) * sizeMs;

/** The watermark: no reading older than it is still expected. Nothing is closed before the first reading. */
export const watermarkOf = (maxEventTime: number | null, settings: WindowSettings): number =>
  maxEventTime === null ? Number.NEGATIVE_INFINITY : maxEventTime - settings.allowedLatenessMs;

/** A window is closed once the watermark has reached its end. */
export const isClosed = (windowEnd: number, watermark: number): boolean => windowEnd <= watermark;

/** Windows in the order they close and are emitted: by start, then sensor. */
export const windowOrder = (
  a: Pick<OpenWindow, 'windowStart' | 'sensor'>,
  b: Pick<OpenWindow, 'windowStart' | 'sensor'>,
): number =>
  a.windowStart - b.windowStart || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0);

/** The open windows with one more reading counted in (its window opened if need be), in window order. */
export function addReading(
  windows: readonly OpenWindow[],
  reading: { readonly sensor: string; readonly value: number; readonly eventTime: number },
  sizeMs: number,
): OpenWindow[] {
  const windowStart = windowStartOf(reading.eventTime, sizeMs);
  const found = windows.find((w) => w.sensor === reading.sensor && w.windowStart === windowStart);
  if (found === undefined) {
    const opened: OpenWindow = {
      sensor: reading.sensor,
      windowStart,
      windowEnd: windowStart + sizeMs,
      count: 1,
      min: reading.value,
      max: reading.value,
      sum: reading.value,
      lastEventTime: reading.eventTime,
    };
    return [...windows, opened].sort(windowOrder);
  }
  const updated: OpenWindow = {
    ...found,
    count: found.count + 1,
    min: Math.min(found.min, reading.value),
    max: Math.max(found.max, reading.value),
    sum: found.sum + reading.value,
    lastEventTime: Math.max(found.lastEventTime, reading.eventTime),
  };
  return windows.map((w) => (w === found ? updated : w));
}

/** Splits the windows the watermark has passed (in window order) from those still open. */
export function closeWindows(
  windows: readonly OpenWindow[],
  watermark: number,
): { closed: OpenWindow[]; open: OpenWindow[] } {
  const closed = windows.filter((w) => isClosed(w.windowEnd, watermark));
  const open = windows.filter((w) => !isClosed(w.windowEnd, watermark));
  return { closed, open };
}

/** What a closed window emits. */
export function windowAggregate(deviceId: string, window: OpenWindow): WindowAggregate {
  return {
    deviceId,
    sensor: window.sensor,
    windowStart: window.windowStart,
    windowEnd: window.windowEnd,
    count: window.count,
    min: window.min,
    max: window.max,
    sum: window.sum,
    mean: window.sum / window.count,
    lastEventTime: window.lastEventTime,
  };
}
