import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.js';
import { deepEqual, differences } from './restore.js';

describe('comparing a rebuild with a restore', () => {
  it('finds equal states equal, whatever the key order of their objects', () => {
    expect(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(deepEqual(new Map([['k', { v: 1 }]]), new Map([['k', { v: 1 }]]))).toBe(true);
  });

  it('tells arrays in another order, a missing field and a changed value apart', () => {
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });

  it('names the keys that differ, are missing on one side, or extra', () => {
    const rebuilt = new Map([
      ['same', { version: 2 }],
      ['changed', { version: 3 }],
      ['only-rebuilt', { version: 1 }],
    ]);
    const restored = new Map([
      ['same', { version: 2 }],
      ['changed', { version: 4 }],
      ['only-restored', { version: 1 }],
    ]);
    expect(differences(rebuilt, restored)).toEqual(['changed', 'only-rebuilt', 'only-restored']);
  });
});

describe('the progress bar', () => {
  const capture = (isTTY: boolean) => {
    const written: string[] = [];
    return { out: { isTTY, write: (text: string) => written.push(text) }, written };
  };

  it('redraws one line on a terminal and ends it with the count read', () => {
    const { out, written } = capture(true);
    const bar = progressBar('rebuild', out, 10);
    bar.update(5, 10);
    bar.finish(9);
    expect(written[0]).toBe('\rrebuild [#####-----]  50%  5/10');
    expect(written[1]).toBe('\rrebuild [##########] 100%  9/9\n');
  });

  it('writes a line per tenth elsewhere, so logs stay short', () => {
    const { out, written } = capture(false);
    const bar = progressBar('restore', out, 10);
    for (let done = 0; done <= 1_000; done += 1) bar.update(done, 1_000);
    expect(written).toHaveLength(11);
  });
});
