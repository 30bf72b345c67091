/**
 * Seeded randomness for the simulator. `random` is mulberry32, the same generator as the
 * seat-reservation example's test workload (examples/seat-reservation/src/e2e/workload.ts),
 * which a service cannot import: an example is not a lib, and that one is test code.
 */

/** mulberry32: a small, fast, seeded PRNG; the same seed gives the same numbers. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One independent stream per (seed, parts…), e.g. per device and purpose, so that turning a
 * scenario on does not shift the numbers every other part of the plan draws. The mixing is
 * murmur3's 32-bit finalizer applied after each part.
 */
export function streamOf(seed: number, ...parts: number[]): () => number {
  let h = seed >>> 0;
  for (const part of [0x5eed, ...parts]) {
    h = Math.imul(h ^ (part >>> 0), 0x9e3779b1) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return random(h);
}

/** A whole number in [0, n). */
export const pick = (next: () => number, n: number): number => Math.floor(next() * n);

/** Fisher–Yates, in place, with the given generator. */
export function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = pick(next, i + 1);
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}
