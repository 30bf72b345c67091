import { spawn } from 'node:child_process';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readText } from './files.js';

/** A long-running part of the stack, known by its pid file and a mark in its command line. */
export interface ManagedProcess {
  readonly name: string;
  readonly pidFile: string;
  readonly logFile: string;
  /** Text that appears in the process's command line, so that a reused pid is not mistaken for it. */
  readonly mark: string;
}

async function commandLine(pid: number): Promise<string | undefined> {
  const text = await readText(`/proc/${pid}/cmdline`);
  return text?.replaceAll('\0', ' ');
}

/** The pid of the process if it is running, else undefined (and a stale pid file is removed). */
export async function runningPid(process: ManagedProcess): Promise<number | undefined> {
  const text = await readText(process.pidFile);
  if (text === undefined) return undefined;
  const pid = Number(text.trim());
  // An exited child that is not yet reaped has an empty command line, so it counts as gone.
  const line = Number.isInteger(pid) && pid > 0 ? await commandLine(pid) : undefined;
  if (line?.includes(process.mark) === true) return pid;
  await rm(process.pidFile, { force: true });
  return undefined;
}

/** Starts a process that outlives this one, its output appended to its log file. */
export async function startDetached(
  process: ManagedProcess,
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<number> {
  await mkdir(dirname(process.logFile), { recursive: true });
  await mkdir(dirname(process.pidFile), { recursive: true });
  const log = await open(process.logFile, 'a');
  try {
    await log.write(`\n--- ${new Date().toISOString()} starting ${process.name} ---\n`);
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? globalThis.process.env,
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => {
        if (child.pid === undefined) reject(new Error(`${process.name} did not start`));
        else resolve(child.pid);
      });
    });
    child.unref();
    await writeFile(process.pidFile, `${pid}\n`);
    return pid;
  } finally {
    await log.close();
  }
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves once it is gone. */
export async function stopProcess(
  process: ManagedProcess,
  graceMs: number,
): Promise<'stopped' | 'killed' | 'not running'> {
  const pid = await runningPid(process);
  if (pid === undefined) return 'not running';
  globalThis.process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if ((await runningPid(process)) === undefined) return 'stopped';
    await sleep(200);
  }
  globalThis.process.kill(pid, 'SIGKILL');
  while ((await runningPid(process)) !== undefined) await sleep(100);
  await rm(process.pidFile, { force: true });
  return 'killed';
}

/** Whether something already listens on 127.0.0.1:port. */
export function portIsHeld(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(true);
      else reject(error);
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.close(() => {
        resolve(false);
      });
    });
  });
}
