import { describe, expect, test } from 'vitest';
import { addReading, closeWindows, watermarkOf, windowStartOf } from './windows.js';

describe('window arithmetic', () => {
  test('tumbling windows are [start, start + size): the end belongs to the next', () => {
    expect(windowStartOf(0, 60_000)).toBe(0);
    expect(windowStartOf(59_999, 60_000)).toBe(0);
    expect(windowStartOf(60_000, 60_000)).toBe(60_000);
    expect(windowStartOf(1_790_000_012_345, 60_000)).toBe(
      1_790_000_000_000 - (1_790_000_000_000 % 60_000) + 0,
    );
  });

  test('before any reading the watermark closes nothing', () => {
    expect(watermarkOf(null, { sizeMs: 1, allowedLatenessMs: 0 })).toBe(Number.NEGATIVE_INFINITY);
    expect(watermarkOf(100, { sizeMs: 1, allowedLatenessMs: 30 })).toBe(70);
  });

  test('count, min, max and sum accumulate per sensor and window', () => {
    let windows = addReading([], { sensor: 't', value: 3, eventTime: 10 }, 100);
    windows = addReading(windows, { sensor: 't', value: -1, eventTime: 5 }, 100);
    windows = addReading(windows, { sensor: 'h', value: 7, eventTime: 150 }, 100);
    expect(windows).toEqual([
      {
        sensor: 't',
        windowStart: 0,
        windowEnd: 100,
        count: 2,
        min: -1,
        max: 3,
        sum: 2,
        lastEventTime: 10,
      },
      {
        sensor: 'h',
        windowStart: 100,
        windowEnd: 200,
        count: 1,
        min: 7,
        max: 7,
        sum: 7,
        lastEventTime: 150,
      },
    ]);
    expect(closeWindows(windows, 100)).toEqual({ closed: [windows[0]], open: [windows[1]] });
    expect(closeWindows(windows, 99).closed).toEqual([]);
  });
});
