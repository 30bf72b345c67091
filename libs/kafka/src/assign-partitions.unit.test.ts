import { describe, expect, it } from 'vitest';
import { assignPartitions } from './tasks.js';

const plan = (count: number, owned: Record<string, number[]>) =>
  Object.fromEntries(assignPartitions(count, new Map(Object.entries(owned))));

const everyPartitionOnce = (result: Record<string, number[]>, count: number) =>
  expect(
    Object.values(result)
      .flat()
      .sort((a, b) => a - b),
  ).toEqual(Array.from({ length: count }, (_, i) => i));

describe('co-partitioned, sticky assignment', () => {
  it('spreads partition numbers evenly over new members', () => {
    const result = plan(6, { a: [], b: [], c: [] });
    everyPartitionOnce(result, 6);
    expect(Object.values(result).map((p) => p.length)).toEqual([2, 2, 2]);
  });

  it('lets a member keep what it owned when a second one joins, moving only its excess', () => {
    const result = plan(6, { a: [0, 1, 2, 3, 4, 5], b: [] });
    expect(result.a).toEqual([0, 1, 2]);
    expect(result.b).toEqual([3, 4, 5]);
  });

  it('gives a leaving member’s partitions to those that stay, who keep their own', () => {
    const result = plan(6, { a: [0, 1], c: [4, 5] });
    everyPartitionOnce(result, 6);
    expect(result.a?.slice(0, 2)).toEqual([0, 1]);
    expect(result.c).toEqual(expect.arrayContaining([4, 5]));
    expect(Object.values(result).map((p) => p.length)).toEqual([3, 3]);
  });

  it('never gives one member more than one partition above another', () => {
    const result = plan(7, { a: [0, 1, 2, 3, 4, 5, 6], b: [], c: [] });
    everyPartitionOnce(result, 7);
    const sizes = Object.values(result).map((p) => p.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(result.a).toEqual([0, 1, 2]);
  });

  it('gives a partition two members both claim to one of them, and ignores claims beyond the count', () => {
    const result = plan(4, { a: [0, 1, 9], b: [1, 2] });
    everyPartitionOnce(result, 4);
  });

  it('leaves members beyond the partition count idle', () => {
    const result = plan(2, { a: [], b: [], c: [] });
    everyPartitionOnce(result, 2);
    expect(Object.values(result).filter((p) => p.length === 0)).toHaveLength(1);
  });
});
