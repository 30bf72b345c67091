import { spawn, type ChildProcess } from 'node:child_process';
import { until, type Duration } from './until.js';

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote, for assertions and for the failure message. */
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** Sends a signal and waits for the exit, failing when it takes longer than `within`. */
  stop: (signal: NodeJS.Signals, within: Duration) => Promise<number | string>;
}

/** Starts `node <entry>` as its own process with exactly the given environment (plus PATH). */
export function startProcess(entry: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const stop = async (signal: NodeJS.Signals, within: Duration): Promise<number | string> => {
    let code: number | string | undefined;
    void exited.then((c) => (code = c));
    child.kill(signal);
    await until(() => code !== undefined, { within, what: `exit after ${signal}\n${output}` });
    return exited;
  };
  return { child, output: () => output, exited, stop };
}

/** Polls a URL until it answers 200; fails at once if the process dies first. */
export async function waitForOk(
  url: string,
  service: ServiceProcess,
  within: Duration,
): Promise<void> {
  let waiting = true;
  const died = service.exited.then((code) => {
    if (waiting)
      throw new Error(
        `the process exited (${String(code)}) before ${url} answered:\n${service.output()}`,
      );
  });
  const answered = until(
    async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return response.status === 200;
    },
    { within, every: 200, what: `${url} answers 200\n${service.output()}` },
  );
  try {
    await Promise.race([answered, died]);
  } finally {
    waiting = false;
    // Whichever lost the race must not surface later as an unhandled rejection.
    void answered.catch(() => undefined);
  }
}
