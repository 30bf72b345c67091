/**
 * The local stack's commands: `up`, `down`, `status`, `logs [--lines N] [kafka|registry]` and
 * `reset`. Settings come from STREAMFOLD_* environment variables (see the README).
 */
import { lastLines } from './files.js';
import { kafkaProcess } from './kafka.js';
import { StackError, stackOptionsFromEnv } from './options.js';
import { registryProcess } from './registry.js';
import { stackDown, stackReset, stackStatus, stackUp } from './stack.js';

const say = (line: string) => {
  process.stdout.write(`[stack] ${line}\n`);
};

const usage = 'usage: stack <up|down|status|logs [--lines N] [kafka|registry]|reset>';

async function logs(args: string[]): Promise<number> {
  const options = stackOptionsFromEnv(process.env);
  let count = 60;
  const names: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--lines') {
      count = Number(args[(i += 1)]);
      if (!Number.isInteger(count) || count <= 0)
        throw new StackError('--lines takes a positive whole number');
    } else if (arg === 'kafka' || arg === 'registry') {
      names.push(arg);
    } else {
      throw new StackError(`unknown argument ${String(arg)}; ${usage}`);
    }
  }
  const components = [kafkaProcess(options), registryProcess(options)].filter(
    (component) => names.length === 0 || names.includes(component.name),
  );
  for (const component of components) {
    process.stdout.write(`==> ${component.logFile} <==\n`);
    for (const line of await lastLines(component.logFile, count)) process.stdout.write(`${line}\n`);
  }
  return 0;
}

async function main(command: string | undefined, args: string[]): Promise<number> {
  const options = () => stackOptionsFromEnv(process.env);
  switch (command) {
    case 'up':
      await stackUp(options(), say);
      return 0;
    case 'down':
      await stackDown(options(), say);
      return 0;
    case 'reset':
      await stackReset(options(), say);
      return 0;
    case 'status': {
      const statuses = await stackStatus(options());
      for (const status of statuses) {
        const state =
          status.pid === undefined
            ? 'down'
            : status.notReady === undefined
              ? 'ready'
              : `not ready (${status.notReady})`;
        say(
          `${status.name.padEnd(8)} ${state}  ${status.address}${status.pid === undefined ? '' : `  pid ${status.pid}`}`,
        );
      }
      return statuses.every((status) => status.notReady === undefined) ? 0 : 1;
    }
    case 'logs':
      return logs(args);
    default:
      process.stderr.write(`${usage}\n`);
      return 64;
  }
}

try {
  process.exitCode = await main(process.argv[2], process.argv.slice(3));
} catch (error) {
  if (error instanceof StackError) {
    process.stderr.write(`[stack] ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
