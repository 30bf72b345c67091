import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, serviceEnvShape } from './config.js';

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

const problemsOf = (run: () => unknown): readonly string[] => {
  const error = thrownBy(run);
  if (error instanceof ConfigError) return error.problems;
  throw error;
};

describe('parseEnv', () => {
  const schema = z.object({
    BROKERS: z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(z.string().min(3))),
    PORT: z.coerce.number().int(),
    NAME: z.string().default('svc'),
  });

  it('returns the parsed values, frozen', () => {
    const config = parseEnv(schema, { BROKERS: 'a:1,b:2', PORT: '80', UNRELATED: 'x' });

    expect(config).toEqual({ BROKERS: ['a:1', 'b:2'], PORT: 80, NAME: 'svc' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable, not only the first, as `VAR: message`', () => {
    expect(problemsOf(() => parseEnv(schema, { PORT: 'eighty' }))).toEqual([
      'BROKERS: Invalid input: expected string, received undefined',
      'PORT: Invalid input: expected number, received NaN',
    ]);
  });

  it('points into a variable’s value by index', () => {
    expect(problemsOf(() => parseEnv(schema, { BROKERS: 'a:1,b', PORT: '80' }))).toEqual([
      'BROKERS[1]: Too small: expected string to have >=3 characters',
    ]);
  });

  it('reports a rule over the whole environment as (environment)', () => {
    const both = z
      .object({ USER: z.string().optional(), PASSWORD: z.string().optional() })
      .refine((env) => (env.USER === undefined) === (env.PASSWORD === undefined), {
        message: 'USER and PASSWORD go together',
      });

    expect(problemsOf(() => parseEnv(both, { USER: 'svc' }))).toEqual([
      '(environment): USER and PASSWORD go together',
    ]);
  });

  it('throws a ConfigError whose message lists the problems one per line', () => {
    const error = thrownBy(() => parseEnv(schema, { BROKERS: 'a:1', PORT: '1.5' }));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'ConfigError',
      message: 'invalid configuration:\n  PORT: Invalid input: expected int, received number',
    });
  });
});

describe('serviceEnvShape', () => {
  const schema = z.object(serviceEnvShape(8081));

  it('defaults to every interface, the given port, info logs and 15 s to shut down', () => {
    expect(parseEnv(schema, {})).toEqual({
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 8081,
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 15_000,
    });
  });

  it('reads numbers from their text', () => {
    expect(
      parseEnv(schema, {
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '9000',
        LOG_LEVEL: 'debug',
        SHUTDOWN_TIMEOUT_MS: '500',
      }),
    ).toEqual({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 9000,
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_MS: 500,
    });
  });

  it('refuses a port outside 1..65535, an unknown level and a non-positive timeout', () => {
    expect(
      problemsOf(() =>
        parseEnv(schema, {
          HTTP_HOST: '',
          HTTP_PORT: '65536',
          LOG_LEVEL: 'verbose',
          SHUTDOWN_TIMEOUT_MS: '0',
        }),
      ),
    ).toEqual([
      'HTTP_HOST: Too small: expected string to have >=1 characters',
      'HTTP_PORT: Too big: expected number to be <=65535',
      'LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"',
      'SHUTDOWN_TIMEOUT_MS: Too small: expected number to be >0',
    ]);
    expect(problemsOf(() => parseEnv(schema, { HTTP_PORT: '0' }))).toEqual([
      'HTTP_PORT: Too small: expected number to be >=1',
    ]);
  });
});
