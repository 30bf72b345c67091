/**
 * The README's "Try it" section, followed verbatim: every command of its shell blocks runs in
 * order, as a newcomer would type them. The two that keep running (`npm start` and the stream
 * watcher) run in the background; the rest must exit 0. Then what the section promises is
 * checked: the dashboard is served, the command is accepted, and the stream shows its event.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { uniqueName, until } from '@streamfold/testing';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** The shell commands of the README's "Try it" section, continuation lines joined. */
async function tryItCommands(): Promise<string[]> {
  const readme = await readFile(`${repo}README.md`, 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Try it'));
  if (section === undefined) throw new Error('README.md has no "Try it" section');
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .join('\n')
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

const keepsRunning = (command: string) =>
  command === 'npm start' || /\bcurl\b.*\s-\w*N/.test(command);

interface Running {
  readonly command: string;
  readonly child: ChildProcess;
  output: string;
  readonly exited: Promise<number | null>;
}

const running: Running[] = [];

/**
 * The commands run as typed, on topics, an MQTT session and a topic root of this run's own
 * (`npm start` and the services read these variables), so the README's fixed Idempotency-Key
 * is new each run and nothing of an earlier run or another test leaks in.
 */
const runName = uniqueName('try-it');
const env = {
  ...process.env,
  TOPIC_PREFIX: `${runName}.`,
  MQTT_CLIENT_ID: `${runName}-producer`,
  MQTT_TOPIC_ROOT: `${runName}-devices`,
  MQTT_SESSION_EXPIRY_SECONDS: '300',
};

function run(command: string): Running {
  // Its own process group, so stopping it stops what it started (turbo, tsx, the services).
  const child = spawn('bash', ['-c', command], { cwd: repo, detached: true, env });
  const entry: Running = {
    command,
    child,
    output: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout.on('data', (chunk: Buffer) => (entry.output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (entry.output += chunk.toString()));
  running.push(entry);
  return entry;
}

/** Whether any process of the group is still alive. */
const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(async () => {
  // Every process group, even one whose shell has exited: what it started may still run.
  for (const entry of running.reverse()) {
    const pgid = entry.child.pid;
    if (pgid === undefined || !groupAlive(pgid)) continue;
    process.kill(-pgid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  }
});

const ready = (url: string) => async () => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
};

describe("the README's Try it section", () => {
  it('runs verbatim: start, simulate, the dashboard, a command, its event in the stream', async () => {
    const commands = await tryItCommands();
    expect(commands[0]).toBe('npm start');
    const outputs: string[] = [];
    for (const command of commands) {
      if (command.startsWith('open ') || command.startsWith('xdg-open ')) {
        // Opening a browser: check the page it opens is served instead.
        const url = command.split(/\s+/)[1] ?? '';
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<html');
        continue;
      }
      const entry = run(command);
      if (command === 'npm start') {
        for (const port of [8080, 8082, 8083]) {
          await until(ready(`http://127.0.0.1:${port}/readyz`), {
            within: '300s',
            every: 500,
            what: `npm start: :${port} ready\n${entry.output}`,
          });
        }
        continue;
      }
      if (keepsRunning(command)) {
        await until(() => entry.output.length > 0 || entry.child.exitCode !== null, {
          within: '10s',
          what: `${command} answers`,
        });
        continue;
      }
      // A one-shot command: a GET of an outcome may have to wait for the system to catch up,
      // as a person would run it again a moment later.
      let code = await entry.exited;
      // curl -s exits 0 on a 404 too: "not known yet" is in the body.
      const notYet = () => code !== 0 || entry.output.includes('"status":404');
      for (
        let attempt = 0;
        notYet() && command.includes('/v1/commands/') && attempt < 20;
        attempt++
      ) {
        await new Promise((r) => setTimeout(r, 500));
        const again = run(command);
        code = await again.exited;
        entry.output = again.output;
      }
      expect(code, `${command}\n${entry.output}`).toBe(0);
      outputs.push(entry.output);
    }
    const posted = outputs.find((o) => o.includes('"commandId"'));
    expect(posted).toBeDefined();
    const stream = running.find((r) => keepsRunning(r.command) && r.command !== 'npm start');
    expect(stream).toBeDefined();
    await until(() => stream?.output.includes('event: ThresholdConfigured') ?? false, {
      within: '30s',
      what: `the stream shows the command's event\n${stream?.output.slice(-2_000) ?? ''}`,
    });
  });
});
