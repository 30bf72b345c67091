import { execFile, spawn } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exists } from './files.js';
import { layout, packageRoot, StackError, type StackOptions } from './options.js';
import { APICURIO_VERSION, KAFKA_VERSION } from './versions.js';

const run = promisify(execFile);
type Say = (line: string) => void;

export const kafkaHome = (options: StackOptions): string =>
  join(layout(options).downloads, `kafka-${KAFKA_VERSION}`);
export const registryHome = (options: StackOptions): string =>
  join(layout(options).downloads, `apicurio-registry-${APICURIO_VERSION}`);

// Written last, so that an interrupted download is never mistaken for a finished one.
const COMPLETE = '.complete';

async function requireMaven(): Promise<void> {
  try {
    await run('mvn', ['--version'], { timeout: 60_000 });
  } catch {
    throw new StackError(
      'Maven (mvn) is needed to fetch Kafka and the registry from Maven Central, and it is not on PATH. ' +
        'Install it (on Debian: apt-get install maven) and run this again.',
    );
  }
}

function maven(options: StackOptions, project: string, goals: string[], say: Say): Promise<void> {
  const args = ['-B', '-q', `-Dmaven.repo.local=${layout(options).mavenRepository}`, ...goals];
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', args, {
      cwd: join(packageRoot, 'maven', project),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) {
        resolve();
        return;
      }
      say(output.trim());
      reject(
        new StackError(
          `mvn ${goals[0] ?? ''} for ${project} failed with exit code ${String(code)}; its output is above`,
        ),
      );
    });
  });
}

/** Kafka's broker and its runtime dependencies in one lib folder; fetched once. */
export async function ensureKafkaDownloaded(options: StackOptions, say: Say): Promise<string> {
  const home = kafkaHome(options);
  if (await exists(join(home, COMPLETE))) return home;
  await requireMaven();
  say(`fetching Apache Kafka ${KAFKA_VERSION} from Maven Central (once)`);
  await rm(home, { recursive: true, force: true });
  await maven(
    options,
    'kafka',
    [
      'dependency:copy-dependencies',
      '-DincludeScope=runtime',
      `-Dkafka.version=${KAFKA_VERSION}`,
      `-DoutputDirectory=${join(home, 'lib')}`,
    ],
    say,
  );
  await writeFile(join(home, COMPLETE), `${new Date().toISOString()}\n`);
  return home;
}

/** Apicurio Registry's runnable distribution, unpacked; fetched once. */
export async function ensureRegistryDownloaded(options: StackOptions, say: Say): Promise<string> {
  const home = registryHome(options);
  if (await exists(join(home, COMPLETE))) return home;
  await requireMaven();
  say(`fetching Apicurio Registry ${APICURIO_VERSION} from Maven Central (once)`);
  await rm(home, { recursive: true, force: true });
  const archives = join(home, 'archive');
  await maven(
    options,
    'registry',
    ['dependency:copy', `-Dapicurio.version=${APICURIO_VERSION}`, `-DoutputDirectory=${archives}`],
    say,
  );
  const [archive] = (await readdir(archives)).filter((name) => name.endsWith('.tar.gz'));
  if (archive === undefined) throw new StackError(`no registry archive arrived in ${archives}`);
  await mkdir(join(home, 'app'), { recursive: true });
  // The system tar, because Maven's own unpacking leaves the archive's pax headers as files.
  await run('tar', ['-xzf', join(archives, archive), '-C', join(home, 'app')], {
    timeout: 300_000,
  });
  await rm(archives, { recursive: true, force: true });
  if (!(await exists(join(home, 'app', 'quarkus-run.jar')))) {
    throw new StackError(
      `the registry archive ${archive} has no quarkus-run.jar; has its layout changed?`,
    );
  }
  await writeFile(join(home, COMPLETE), `${new Date().toISOString()}\n`);
  return home;
}
