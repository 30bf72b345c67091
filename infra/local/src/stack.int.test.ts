import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stackOptionsFromEnv } from './options.js';
import { stackStatus, stackUp } from './stack.js';

const run = promisify(execFile);
const cli = join(import.meta.dirname, 'cli.ts');
const tsx = join(import.meta.dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');

describe('the local stack', () => {
  test('up on a running stack says so, starts nothing, and exits 0', async () => {
    const options = stackOptionsFromEnv(process.env);
    await stackUp(options);
    const { stdout } = await run(tsx, [cli, 'up'], { env: process.env });
    expect(stdout).toContain('already up and healthy: kafka 127.0.0.1:');
    await expect(stackUp(options)).resolves.toMatchObject({ alreadyRunning: true });
  });

  test('status reports both parts ready', async () => {
    const statuses = await stackStatus(stackOptionsFromEnv(process.env));
    expect(statuses.map(({ name, notReady }) => ({ name, notReady }))).toEqual([
      { name: 'kafka', notReady: undefined },
      { name: 'registry', notReady: undefined },
    ]);
  });

  describe('a port held by something else', () => {
    let squatter: Server;
    let port: number;
    beforeAll(async () => {
      squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
      const address = squatter.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      port = address.port;
    });
    afterAll(() => new Promise((resolve) => squatter.close(resolve)));

    test('stops `up` before anything starts, naming the port and the variable that moves it', async () => {
      const env = {
        ...process.env,
        STREAMFOLD_STACK_DIR: await mkdtemp(join(tmpdir(), 'stack-elsewhere-')),
        STREAMFOLD_KAFKA_PORT: String(port),
        STREAMFOLD_KAFKA_CONTROLLER_PORT: String(port + 1),
      };
      const failed = await run(tsx, [cli, 'up'], { env }).then(
        () => undefined,
        (error: unknown) => error as { code: number; stderr: string },
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain(
        `port ${port} on 127.0.0.1 is held by another process, not by this stack. ` +
          'Stop that process, or give the stack another port with STREAMFOLD_KAFKA_PORT=<port>.',
      );
    });
  });
});
