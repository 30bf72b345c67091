/**
 * `npm start`: the whole system on the local stack. Brings the stack up if it is not running,
 * ensures topics and schemas, then runs the three services with their output prefixed by
 * name. Ctrl-C (or SIGTERM) stops the services gracefully; the stack keeps running
 * (`npm run stack:down` stops it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stackOptionsFromEnv, stackUp } from '@streamfold/local-stack';
import { initCluster } from '@streamfold/schemas';

const services = [
  { name: 'producer', port: 8080 },
  { name: 'aggregator', port: 8082 },
  { name: 'projection', port: 8083 },
] as const;

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

const stack = await stackUp(stackOptionsFromEnv(process.env), (line: string) => say(line));
const env = {
  ...process.env,
  KAFKA_BROKERS: stack.kafkaBrokers,
  SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
};
await initCluster(env);
say('topics and schemas ensured');

const children = new Map<string, ChildProcess>();
let stopping = false;
let failed = false;

function prefix(name: string, stream: NodeJS.ReadableStream): void {
  const width = Math.max(...services.map((s) => s.name.length));
  createInterface({ input: stream }).on('line', (line) => {
    process.stdout.write(`${name.padEnd(width)} | ${line}\n`);
  });
}

function stopAll(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill(signal);
}

for (const { name, port } of services) {
  const entry = fileURLToPath(new URL(`../services/${name}/dist/main.js`, import.meta.url));
  const child = spawn(process.execPath, [entry], {
    env: { ...env, HTTP_PORT: String(process.env[`${name.toUpperCase()}_HTTP_PORT`] ?? port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefix(name, child.stdout);
  prefix(name, child.stderr);
  children.set(name, child);
  child.once('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      failed = true;
      say(`${name} exited unexpectedly (${String(code ?? signal)}); stopping the others`);
      stopAll('SIGTERM');
    }
    if (code !== 0 && code !== null) failed = true;
    if (children.size === 0) {
      say('all services stopped; the stack keeps running (npm run stack:down stops it)');
      process.exit(failed ? 1 : 0);
    }
  });
}
say(
  `producer http://127.0.0.1:8080  aggregator http://127.0.0.1:8082  projection http://127.0.0.1:8083`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll('SIGTERM'));
