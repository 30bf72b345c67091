import { describe, expect, it } from 'vitest';
import { rejectedReadings, rejectionsByReason, summaryText } from './summary.js';

const report = {
  devices: 3,
  commands: 9,
  readings: 1_200,
  garbage: 4,
  rejections: [
    { deviceId: 'sim-1-2', kind: 'garbage', payloads: 1, reason: '400 Invalid JSON' },
    { deviceId: 'sim-1-2', kind: 'garbage', payloads: 1, reason: '400 Invalid reading: value' },
    { deviceId: 'sim-1-2', kind: 'garbage', payloads: 1, reason: '400 Invalid JSON' },
  ],
  seconds: 12,
  interrupted: false,
} as const;

describe('the summary', () => {
  it('counts what was sent and groups what the producer refused by reason', () => {
    expect(rejectionsByReason(report)).toEqual([
      { kind: 'garbage', reason: '400 Invalid JSON', payloads: 2 },
      { kind: 'garbage', reason: '400 Invalid reading: value', payloads: 1 },
    ]);
    expect(summaryText(report, 'http')).toBe(
      [
        'simulated 3 devices via http',
        '  commands   9',
        '  readings   1,200',
        '  garbage    4',
        '  rejected   3 by the producer:',
        '           2 garbage 400 Invalid JSON',
        '           1 garbage 400 Invalid reading: value',
        '  seconds    12.0',
        '  readings/s 100.0',
        '',
      ].join('\n'),
    );
  });

  it('tells refused readings apart from refused garbage: only the former fail the run', () => {
    expect(rejectedReadings(report)).toBe(0);
    expect(
      rejectedReadings({
        rejections: [{ deviceId: 'd', kind: 'reading', payloads: 100, reason: '413 Too large' }],
      }),
    ).toBe(100);
  });
});
