import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lastLines } from './files.js';
import { withLock } from './lock.js';
import {
  portIsHeld,
  runningPid,
  startDetached,
  stopProcess,
  type ManagedProcess,
} from './processes.js';

const scratch = () => mkdtemp(join(tmpdir(), 'stack-test-'));

describe('portIsHeld', () => {
  test('tells a held port from a free one', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    expect(await portIsHeld(address.port)).toBe(true);
    await new Promise((resolve) => server.close(resolve));
    expect(await portIsHeld(address.port)).toBe(false);
  });
});

describe('managed processes', () => {
  test('a started process is found by its pid file and mark, and stops on SIGTERM', async () => {
    const dir = await scratch();
    const mark = `sleeper-${Date.now()}`;
    const sleeper: ManagedProcess = {
      name: 'sleeper',
      pidFile: join(dir, 'run', 'sleeper.pid'),
      logFile: join(dir, 'logs', 'sleeper.log'),
      mark,
    };
    const pid = await startDetached(
      sleeper,
      process.execPath,
      ['-e', `console.log('hello from ${mark}'); setInterval(() => {}, 1000)`, mark],
      { cwd: dir },
    );
    expect(await runningPid(sleeper)).toBe(pid);
    // Its output goes to the log file it was given, after the header this stack writes.
    await expect
      .poll(() => lastLines(sleeper.logFile, 1), { timeout: 10_000 })
      .toEqual([`hello from ${mark}`]);
    expect(await stopProcess(sleeper, 10_000)).toBe('stopped');
    expect(await runningPid(sleeper)).toBeUndefined();
  });

  test('a pid file naming some other process is stale, not a running stack', async () => {
    const dir = await scratch();
    const pidFile = join(dir, 'kafka.pid');
    await writeFile(pidFile, `${process.pid}\n`);
    const other: ManagedProcess = {
      name: 'kafka',
      pidFile,
      logFile: join(dir, 'k.log'),
      mark: 'not-this-process',
    };
    expect(await runningPid(other)).toBeUndefined();
    expect(await stopProcess(other, 1_000)).toBe('not running');
  });
});

describe('lastLines', () => {
  test('returns the last lines of a file, and nothing for a missing one', async () => {
    const dir = await scratch();
    const file = join(dir, 'a.log');
    await writeFile(file, Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(await lastLines(file, 3)).toEqual(['line 97', 'line 98', 'line 99']);
    expect(await lastLines(join(dir, 'missing.log'), 3)).toEqual([]);
  });
});

describe('withLock', () => {
  test('runs one holder at a time', async () => {
    const lock = join(await scratch(), 'stack.lock');
    const order: string[] = [];
    const hold = (name: string) =>
      withLock(lock, Date.now() + 10_000, async () => {
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        order.push(`${name} out`);
      });
    await Promise.all([hold('a'), hold('b')]);
    expect(order).toEqual(
      order[0] === 'a in' ? ['a in', 'a out', 'b in', 'b out'] : ['b in', 'b out', 'a in', 'a out'],
    );
  });

  test('takes over a lock whose holder is dead', async () => {
    const lock = join(await scratch(), 'stack.lock');
    await writeFile(lock, '999999999\n');
    await expect(withLock(lock, Date.now() + 1_000, () => Promise.resolve('got it'))).resolves.toBe(
      'got it',
    );
  });
});
