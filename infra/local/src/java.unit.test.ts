import { mkdtemp, writeFile, chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findJava, parseJavaMajor } from './java.js';

describe('parseJavaMajor', () => {
  test.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "25" 2025-09-16', 25],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "21.0.2-ea" 2024-01-16', 21],
    ['command not found', undefined],
  ])('%s → %s', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });
});

async function fakeJavaHome(major: number): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'fake-jdk-'));
  await mkdir(join(home, 'bin'));
  const java = join(home, 'bin', 'java');
  await writeFile(java, `#!/bin/sh\necho 'openjdk version "${major}.0.1" 2026-01-01' >&2\n`);
  await chmod(java, 0o755);
  return home;
}

describe('findJava', () => {
  test('a configured home that is too old is refused naming its variable', async () => {
    const home = await fakeJavaHome(17);
    await expect(
      findJava('Apicurio Registry', 21, { variable: 'STREAMFOLD_REGISTRY_JAVA_HOME', home }, {}),
    ).rejects.toThrow(
      `STREAMFOLD_REGISTRY_JAVA_HOME=${home} does not hold a Java 21 or newer (found Java 17)`,
    );
  });

  test('a configured home that qualifies is used', async () => {
    const home = await fakeJavaHome(21);
    await expect(findJava('Kafka', 17, { variable: 'X', home }, {})).resolves.toEqual({
      executable: join(home, 'bin', 'java'),
      major: 21,
    });
  });

  test('JAVA_HOME comes before the java on PATH', async () => {
    const home = await fakeJavaHome(99);
    const found = await findJava(
      'Kafka',
      17,
      { variable: 'X', home: undefined },
      { JAVA_HOME: home },
    );
    expect(found).toEqual({ executable: join(home, 'bin', 'java'), major: 99 });
  });

  test('when nothing qualifies the error says what was found and how to fix it', async () => {
    await expect(
      findJava('Something', 1000, { variable: 'SOME_JAVA_HOME', home: undefined }, {}),
    ).rejects.toThrow(/Something needs Java 1000 or newer, and none was found .*SOME_JAVA_HOME/);
  });
});
