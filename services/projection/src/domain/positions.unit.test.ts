import { describe, expect, it } from 'vitest';
import { advance, emptyPositions, isApplied, parsePositionId, positionId } from './positions.js';

describe('positions', () => {
  const at = (partition: number, offset: string) =>
    ({ topic: 'device.events', partition, offset }) as const;

  it('a record at or below its partition’s last applied offset is already applied', () => {
    const positions = advance(emptyPositions(), at(1, '41'));
    expect(isApplied(positions, at(1, '41'))).toBe(true);
    expect(isApplied(positions, at(1, '7'))).toBe(true);
    expect(isApplied(positions, at(1, '42'))).toBe(false);
    expect(isApplied(positions, at(0, '0'))).toBe(false);
    expect(isApplied(positions, { topic: 'telemetry.aggregates', partition: 1, offset: '0' })).toBe(
      false,
    );
  });

  it('never moves back, and compares offsets as 64-bit numbers, not strings', () => {
    const positions = advance(advance(emptyPositions(), at(0, '9007199254740993')), at(0, '10'));
    expect(positions['device.events']).toEqual({ '0': '9007199254740993' });
    expect(isApplied(advance(emptyPositions(), at(0, '10')), at(0, '9'))).toBe(true);
  });

  it('names a record by a stable id that parses back', () => {
    const position = { topic: 'telemetry.aggregates', partition: 2, offset: '17' } as const;
    expect(positionId(position)).toBe('telemetry.aggregates/2/17');
    expect(parsePositionId('telemetry.aggregates/2/17')).toEqual(position);
    expect(parsePositionId('device.snapshots/2/17')).toBeUndefined();
    expect(parsePositionId('device.events/x/17')).toBeUndefined();
    expect(parsePositionId('')).toBeUndefined();
  });
});
