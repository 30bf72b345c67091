import { mkdir, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readText } from './files.js';
import { StackError } from './options.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` while holding a lock file, so that two commands (say `npm start` and `npm test`)
 * never start the same stack twice. A lock whose holder has died is taken over.
 */
export async function withLock<T>(
  path: string,
  deadline: number,
  work: () => Promise<T>,
): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.write(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number((await readText(path))?.trim());
      if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new StackError(
          `another command (pid ${holder}) is still starting or stopping the stack; ${path} is its lock`,
        );
      }
      await sleep(250);
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
