import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureRegistryDownloaded } from './downloads.js';
import { findJava, type Java } from './java.js';
import { layout, registryUrlOf, type StackOptions } from './options.js';
import { startDetached, type ManagedProcess } from './processes.js';
import { REGISTRY_MIN_JAVA } from './versions.js';

type Say = (line: string) => void;

export function registryProcess(options: StackOptions): ManagedProcess {
  const { run, logs, registryData } = layout(options);
  return {
    name: 'registry',
    pidFile: join(run, 'registry.pid'),
    logFile: join(logs, 'registry.log'),
    mark: `jdbc:h2:file:${join(registryData, 'registry')}`,
  };
}

export async function prepareRegistry(
  options: StackOptions,
  say: Say,
): Promise<{ java: Java; home: string }> {
  const java = await findJava(
    'Apicurio Registry',
    REGISTRY_MIN_JAVA,
    { variable: 'STREAMFOLD_REGISTRY_JAVA_HOME', home: options.registryJavaHome },
    process.env,
  );
  const home = await ensureRegistryDownloaded(options, say);
  await mkdir(layout(options).registryData, { recursive: true });
  return { java, home };
}

/**
 * Apicurio with its storage in an H2 database file, so that schemas survive a restart of the
 * stack like the broker's topics do; it listens on 127.0.0.1 only.
 */
export function launchRegistry(options: StackOptions, java: Java, home: string): Promise<number> {
  const { registryData } = layout(options);
  return startDetached(
    registryProcess(options),
    java.executable,
    [
      '-Xms128m',
      '-Xmx512m',
      // The registry serves a handful of requests: quick start-up matters more than peak speed.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      ...(java.major >= 19
        ? [
            '-XX:+AutoCreateSharedArchive',
            `-XX:SharedArchiveFile=${join(registryData, 'class-data.jsa')}`,
          ]
        : []),
      '-Dquarkus.http.host=127.0.0.1',
      `-Dquarkus.http.port=${options.registryPort}`,
      '-Dquarkus.management.host=127.0.0.1',
      `-Dquarkus.management.port=${options.registryManagementPort}`,
      `-Dapicurio.datasource.url=jdbc:h2:file:${join(registryData, 'registry')}`,
      `-Dapicurio.storage.snapshot.location=${join(registryData, 'snapshots')}`,
      '-Dquarkus.log.console.json=false',
      '-Dquarkus.http.access-log.enabled=false',
      '-jar',
      join(home, 'app', 'quarkus-run.jar'),
    ],
    { cwd: registryData },
  );
}

/** Ready when its Confluent-compatible API answers; resolves to why not, or undefined. */
export async function probeRegistry(options: StackOptions): Promise<string | undefined> {
  try {
    const response = await fetch(`${registryUrlOf(options)}/subjects`, {
      signal: AbortSignal.timeout(3_000),
    });
    return response.ok ? undefined : `GET /subjects answered ${response.status}`;
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return `no answer at ${registryUrlOf(options)} (${cause})`;
  }
}
