/**
 * `npm start`: the whole system on the local stack. Brings the stack up if it is not running,
 * ensures topics and schemas, then runs the three services with their output prefixed by
 * name. Ctrl-C (or SIGTERM) stops the services gracefully; the stack keeps running
 * (`npm run stack:down` stops it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
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
const env: NodeJS.ProcessEnv = {
  ...process.env,
  KAFKA_BROKERS: stack.kafkaBrokers,
  SCHEMA_REGISTRY_URL: stack.schemaRegistryUrl,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
};
await initCluster(env);
say('topics and schemas ensured');

const mqttUrl = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
if (await listening(new URL(mqttUrl))) {
  env.MQTT_URL = mqttUrl;
  say(`MQTT bridge on ${mqttUrl} (devices/+/readings)`);
} else {
  say(`no MQTT broker answers at ${mqttUrl}: the MQTT bridge is off (set MQTT_URL to turn it on)`);
}
env.PROJECTION_URL ??= `http://127.0.0.1:${portOf('projection')}`;

function portOf(name: (typeof services)[number]['name']): string {
  const fallback = services.find((s) => s.name === name)?.port ?? 0;
  return String(process.env[`${name.toUpperCase()}_HTTP_PORT`] ?? fallback);
}

/** Whether something accepts TCP connections at the URL's host and port. */
function listening(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 1883) });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

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

for (const { name } of services) {
  const entry = fileURLToPath(new URL(`../services/${name}/dist/main.js`, import.meta.url));
  const child = spawn(process.execPath, [entry], {
    env: { ...env, HTTP_PORT: portOf(name) },
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
  `producer http://127.0.0.1:${portOf('producer')}  aggregator http://127.0.0.1:${portOf('aggregator')}  dashboard http://127.0.0.1:${portOf('projection')}/`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll('SIGTERM'));
