import kafkajs, { type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

const { logLevel } = kafkajs;

/**
 * Routes kafkajs's own log lines into the project's pino logger, under the `kafkajs`
 * namespace, keeping kafkajs's structured fields (broker, groupId, topic...) as fields.
 */
export function kafkajsLogCreator(logger: Logger): logCreator {
  const child = logger.child({ ns: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...rest } = log;
      const fields = { component: namespace, ...rest };
      switch (level) {
        case logLevel.ERROR:
          child.error(fields, message);
          break;
        case logLevel.WARN:
          child.warn(fields, message);
          break;
        case logLevel.INFO:
          child.info(fields, message);
          break;
        default:
          child.debug(fields, message);
      }
    };
}

/** The kafkajs level that lets through what the pino logger would print anyway. */
export function kafkajsLevelFor(logger: Logger): kafkajs.logLevel {
  const level = logger.levelVal;
  if (level <= 20) return logLevel.DEBUG;
  if (level <= 30) return logLevel.INFO;
  if (level <= 40) return logLevel.WARN;
  if (level <= 50) return logLevel.ERROR;
  return logLevel.NOTHING;
}
