import type { Logger } from 'pino';

export type ShutdownStep = () => Promise<void>;

export interface ShutdownOptions {
  logger: Logger;
  /** Past this the process exits with 1 whatever is still running. */
  deadlineMs: number;
  /** Run in order: stop taking work, finish or abort in-flight work, close clients. */
  steps: readonly { name: string; run: ShutdownStep }[];
  exit?: (code: number) => void;
}

/**
 * On SIGTERM or SIGINT runs the shutdown steps once, in order, and exits 0 when all
 * finished, 1 when one failed or the deadline passed. A second signal does not restart it.
 */
export function onShutdownSignal(options: ShutdownOptions): {
  shutdown: (reason: string) => Promise<void>;
} {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | null = null;

  const shutdown = (reason: string): Promise<void> => {
    running ??= (async () => {
      options.logger.info({ reason }, 'shutting down');
      const timer = setTimeout(() => {
        options.logger.error(
          { deadlineMs: options.deadlineMs },
          'shutdown deadline passed; exiting',
        );
        exit(1);
      }, options.deadlineMs);
      timer.unref();
      let code = 0;
      for (const step of options.steps) {
        try {
          await step.run();
        } catch (error) {
          code = 1;
          options.logger.error({ err: error, step: step.name }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      options.logger.info({ code }, 'stopped');
      exit(code);
    })();
    return running;
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(signal));
  }
  return { shutdown };
}
