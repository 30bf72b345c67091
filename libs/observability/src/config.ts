import { z } from 'zod';

/** A configuration that cannot start the service: each problem names its variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/**
 * Parses the environment once with a schema whose keys are the variables' names, and freezes
 * the result. Throws ConfigError listing every bad variable (not only the first).
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<z.output<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const [variable, ...inside] = issue.path.map(String);
        const where = inside.map((p) => `[${p}]`).join('');
        return `${variable ?? '(environment)'}${where}: ${issue.message}`;
      }),
    );
  }
  return Object.freeze(result.data);
}

/**
 * A service's configuration from the process's environment, or the exit every service makes
 * without one: the problems on stderr, each naming its variable, and exit code 78 (EX_CONFIG).
 */
export function configOrExit<C>(
  service: string,
  load: (env: Readonly<Record<string, string | undefined>>) => C,
): C {
  try {
    return load(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(78);
  }
}

const port = z.coerce.number().int().min(1).max(65_535);

/** The variables every service reads besides Kafka's and the registry's. */
export function serviceEnvShape(defaultPort: number) {
  return {
    HTTP_HOST: z.string().min(1).default('0.0.0.0'),
    HTTP_PORT: port.default(defaultPort),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  };
}
