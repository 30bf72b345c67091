/**
 * The image's production stage and runtime layout, reproduced without a Docker engine: the
 * same manifest reduction and `npm install --omit=dev` as the Dockerfile, the same files
 * copied to the same places, then the service started from there against the real stack.
 * What a user's `docker build` would ship is checked for what it holds and that it runs.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  freePort,
  freshSystemTopics,
  kafkaTestEnv,
  startProcess,
  waitForOk,
} from '@streamfold/testing';
import { afterAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
// The Dockerfile's runtime stage copies exactly these libs' builds.
const libs = ['kafka', 'schemas', 'observability', 'eventsourcing', 'streams'];
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** COPY package.json package-lock.json, libs, services (no node_modules, as .dockerignore says). */
async function productionStage(service: string): Promise<string> {
  const stage = await mkdtemp(join(tmpdir(), `image-${service}-`));
  scratch.push(stage);
  await cp(join(repo, 'package.json'), join(stage, 'package.json'));
  await cp(join(repo, 'package-lock.json'), join(stage, 'package-lock.json'));
  const keep = (source: string) => !/\/(node_modules|\.turbo)(\/|$)/.test(source);
  await cp(join(repo, 'libs'), join(stage, 'libs'), { recursive: true, filter: keep });
  await cp(join(repo, 'services'), join(stage, 'services'), { recursive: true, filter: keep });
  await cp(join(repo, 'deploy', 'docker'), join(stage, 'deploy', 'docker'), { recursive: true });
  await run(process.execPath, ['deploy/docker/production-manifest.mjs', service], { cwd: stage });
  await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: stage,
    timeout: 300_000,
  });
  return stage;
}

/** The runtime stage's COPY lines: node_modules, the libs' and the service's package.json and dist. */
async function runtimeLayout(stage: string, service: string): Promise<string> {
  const app = await mkdtemp(join(tmpdir(), `runtime-${service}-`));
  scratch.push(app);
  await cp(join(stage, 'node_modules'), join(app, 'node_modules'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  await cp(join(repo, 'package.json'), join(app, 'package.json'));
  for (const lib of libs) {
    await mkdir(join(app, 'libs', lib), { recursive: true });
    await cp(join(repo, 'libs', lib, 'package.json'), join(app, 'libs', lib, 'package.json'));
    await cp(join(repo, 'libs', lib, 'dist'), join(app, 'libs', lib, 'dist'), { recursive: true });
  }
  await mkdir(join(app, 'service'), { recursive: true });
  await cp(join(repo, 'services', service, 'package.json'), join(app, 'service', 'package.json'));
  await cp(join(repo, 'services', service, 'dist'), join(app, 'service', 'dist'), {
    recursive: true,
  });
  return app;
}

describe('the production image, without Docker', () => {
  test('installs no development tools, and the service starts from it and becomes ready', async () => {
    const stage = await productionStage('producer');
    const installed = await readdir(join(stage, 'node_modules'));
    expect(installed).toEqual(
      expect.arrayContaining(['kafkajs', 'express', 'pino', 'avsc', 'zod']),
    );
    for (const tool of [
      'vitest',
      'vite',
      'testcontainers',
      'typescript',
      'eslint',
      'turbo',
      'tsx',
      'yaml',
    ]) {
      expect(installed, tool).not.toContain(tool);
    }
    expect(await readdir(join(stage, 'node_modules', '@streamfold'))).toEqual([
      'eventsourcing',
      'kafka',
      'observability',
      'producer',
      'schemas',
      'streams',
    ]);

    const app = await runtimeLayout(stage, 'producer');
    const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
    const port = await freePort();
    const service = startProcess(join(app, 'service', 'dist', 'main.js'), {
      NODE_ENV: 'production',
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
    });
    try {
      await waitForOk(`http://127.0.0.1:${port}/readyz`, service, '60s');
    } finally {
      expect(await service.stop('SIGTERM', '15s')).toBe(0);
    }
  });

  test('the aggregator, which runs on the kernel libs, starts from its image and joins its group', async () => {
    const stage = await productionStage('aggregator');
    const app = await runtimeLayout(stage, 'aggregator');
    const { kafkaBrokers, schemaRegistryUrl } = kafkaTestEnv();
    const { prefix } = await freshSystemTopics('image', 2);
    const port = await freePort();
    const service = startProcess(join(app, 'service', 'dist', 'main.js'), {
      NODE_ENV: 'production',
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      TOPIC_PREFIX: prefix,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
    });
    try {
      await waitForOk(`http://127.0.0.1:${port}/readyz`, service, '60s');
    } finally {
      expect(await service.stop('SIGTERM', '15s')).toBe(0);
    }
  });
});
