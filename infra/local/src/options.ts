import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StackOptions {
  /** Everything the stack downloads and keeps lives under here. */
  readonly home: string;
  readonly kafkaPort: number;
  readonly controllerPort: number;
  readonly registryPort: number;
  readonly registryManagementPort: number;
  /** How long `up` waits for real readiness before it gives up and shows the logs. */
  readonly timeoutSeconds: number;
  /** A JDK (or JRE) home to run Kafka with; otherwise one is looked for. */
  readonly kafkaJavaHome?: string;
  /** A JDK (or JRE) home to run the registry with; otherwise one is looked for. */
  readonly registryJavaHome?: string;
}

/** The folder with this package's Maven projects and probe source. */
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const repositoryRoot = resolve(packageRoot, '..', '..');

export class StackError extends Error {
  override readonly name = 'StackError';
}

/** The environment variables that configure the stack, with their defaults. */
export const stackEnvironment = {
  STREAMFOLD_STACK_DIR: join(repositoryRoot, '.local', 'stack'),
  STREAMFOLD_KAFKA_PORT: '9092',
  STREAMFOLD_KAFKA_CONTROLLER_PORT: '9093',
  STREAMFOLD_REGISTRY_PORT: '8081',
  STREAMFOLD_REGISTRY_MANAGEMENT_PORT: '9081',
  STREAMFOLD_STACK_TIMEOUT_SECONDS: '180',
  STREAMFOLD_KAFKA_JAVA_HOME: '',
  STREAMFOLD_REGISTRY_JAVA_HOME: '',
} as const;

type StackVariable = keyof typeof stackEnvironment;

function read(env: NodeJS.ProcessEnv, name: StackVariable): string {
  const value = env[name];
  return value === undefined || value.trim() === '' ? stackEnvironment[name] : value.trim();
}

function integer(env: NodeJS.ProcessEnv, name: StackVariable, min: number, max: number): number {
  const text = read(env, name);
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new StackError(`${name} must be a whole number from ${min} to ${max}; got "${text}"`);
  }
  return value;
}

/** Reads and checks the stack's settings; a bad value is an error naming its variable. */
export function stackOptionsFromEnv(env: NodeJS.ProcessEnv): StackOptions {
  const kafkaJavaHome = read(env, 'STREAMFOLD_KAFKA_JAVA_HOME');
  const registryJavaHome = read(env, 'STREAMFOLD_REGISTRY_JAVA_HOME');
  const options: StackOptions = {
    home: resolve(read(env, 'STREAMFOLD_STACK_DIR')),
    kafkaPort: integer(env, 'STREAMFOLD_KAFKA_PORT', 1, 65_535),
    controllerPort: integer(env, 'STREAMFOLD_KAFKA_CONTROLLER_PORT', 1, 65_535),
    registryPort: integer(env, 'STREAMFOLD_REGISTRY_PORT', 1, 65_535),
    registryManagementPort: integer(env, 'STREAMFOLD_REGISTRY_MANAGEMENT_PORT', 1, 65_535),
    timeoutSeconds: integer(env, 'STREAMFOLD_STACK_TIMEOUT_SECONDS', 5, 3_600),
    ...(kafkaJavaHome === '' ? {} : { kafkaJavaHome }),
    ...(registryJavaHome === '' ? {} : { registryJavaHome }),
  };
  const ports = [
    ['STREAMFOLD_KAFKA_PORT', options.kafkaPort],
    ['STREAMFOLD_KAFKA_CONTROLLER_PORT', options.controllerPort],
    ['STREAMFOLD_REGISTRY_PORT', options.registryPort],
    ['STREAMFOLD_REGISTRY_MANAGEMENT_PORT', options.registryManagementPort],
  ] as const;
  for (const [i, [name, port]] of ports.entries()) {
    const clash = ports.slice(0, i).find(([, other]) => other === port);
    if (clash !== undefined)
      throw new StackError(`${name} and ${clash[0]} are both ${port}; each needs its own port`);
  }
  return Object.freeze(options);
}

/** Where each part of the stack keeps its files under the stack's home. */
export function layout(options: StackOptions) {
  const { home } = options;
  return {
    downloads: join(home, 'downloads'),
    mavenRepository: join(home, 'downloads', 'maven-repository'),
    data: join(home, 'data'),
    kafkaData: join(home, 'data', 'kafka'),
    registryData: join(home, 'data', 'registry'),
    run: join(home, 'run'),
    logs: join(home, 'logs'),
  };
}

export const kafkaBrokersOf = (options: StackOptions): string => `127.0.0.1:${options.kafkaPort}`;
export const registryUrlOf = (options: StackOptions): string =>
  `http://127.0.0.1:${options.registryPort}/apis/ccompat/v7`;
