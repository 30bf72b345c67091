import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** The service or tool, e.g. `aggregator`; every line carries it. */
  service: string;
  level: LevelWithSilent;
  /** Where lines go; standard output when absent. */
  destination?: NodeJS.WritableStream;
}

/**
 * JSON lines with the fields an operator filters on. Components take a child with their
 * namespace: `logger.child({ ns: 'aggregator.processor' })`.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Credentials can arrive inside configuration objects; never print them.
      redact: {
        paths: ['*.password', '*.sasl.password', '*.tls.key', 'password', 'tls.key'],
        censor: '[redacted]',
      },
    },
    options.destination ?? process.stdout,
  );
}
