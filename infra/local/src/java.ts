import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StackError } from './options.js';

const run = promisify(execFile);

export interface Java {
  readonly executable: string;
  readonly major: number;
}

/** `java -version` prints e.g. `openjdk version "17.0.15"` or, for old ones, `"1.8.0_392"`. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (match?.[1] === undefined) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

async function versionOf(executable: string): Promise<number | undefined> {
  try {
    const { stderr, stdout } = await run(executable, ['-version'], { timeout: 15_000 });
    return parseJavaMajor(`${stderr}\n${stdout}`);
  } catch {
    return undefined;
  }
}

async function installedHomes(): Promise<string[]> {
  try {
    const names = await readdir('/usr/lib/jvm');
    return names
      .sort()
      .reverse()
      .map((name) => join('/usr/lib/jvm', name));
  } catch {
    return [];
  }
}

/**
 * A Java of at least `minMajor` for `purpose`. An explicitly configured home must qualify;
 * otherwise JAVA_HOME, the `java` on PATH and the JDKs under /usr/lib/jvm are tried in turn.
 */
export async function findJava(
  purpose: string,
  minMajor: number,
  configured: { variable: string; home: string | undefined },
  env: NodeJS.ProcessEnv,
): Promise<Java> {
  if (configured.home !== undefined) {
    const executable = join(configured.home, 'bin', 'java');
    const major = await versionOf(executable);
    if (major === undefined || major < minMajor) {
      throw new StackError(
        `${configured.variable}=${configured.home} does not hold a Java ${minMajor} or newer ` +
          `(${major === undefined ? 'no working bin/java' : `found Java ${major}`}); ${purpose} needs one`,
      );
    }
    return { executable, major };
  }
  const candidates = [
    ...(env.JAVA_HOME === undefined ? [] : [join(env.JAVA_HOME, 'bin', 'java')]),
    'java',
    ...(await installedHomes()).map((home) => join(home, 'bin', 'java')),
  ];
  const seen: string[] = [];
  for (const executable of new Set(candidates)) {
    const major = await versionOf(executable);
    if (major === undefined) continue;
    if (major >= minMajor) return { executable, major };
    seen.push(`${executable} is Java ${major}`);
  }
  throw new StackError(
    `${purpose} needs Java ${minMajor} or newer, and none was found ` +
      `(${seen.length === 0 ? 'no java at all' : seen.join('; ')}). Install one ` +
      `(on Debian: apt-get install openjdk-${minMajor}-jre-headless, where available) ` +
      `or point ${configured.variable} at its home.`,
  );
}
