import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { registryConfigFromEnv, registryEnvShape } from './config.js';

const env = (vars: Record<string, string>) => z.object(registryEnvShape).parse(vars);

describe('registryConfigFromEnv', () => {
  it('connects without credentials when no username is set', () => {
    expect(
      registryConfigFromEnv(env({ SCHEMA_REGISTRY_URL: 'http://registry:8080/apis/ccompat/v7' })),
    ).toStrictEqual({ url: 'http://registry:8080/apis/ccompat/v7' });
  });

  it('sends basic auth when a username is set, with an empty password if none', () => {
    expect(
      registryConfigFromEnv(
        env({
          SCHEMA_REGISTRY_URL: 'https://registry.example',
          SCHEMA_REGISTRY_USERNAME: 'svc',
          SCHEMA_REGISTRY_PASSWORD: 's3cret',
        }),
      ),
    ).toStrictEqual({
      url: 'https://registry.example',
      auth: { username: 'svc', password: 's3cret' },
    });
    expect(
      registryConfigFromEnv(
        env({ SCHEMA_REGISTRY_URL: 'https://registry.example', SCHEMA_REGISTRY_USERNAME: 'svc' }),
      ).auth,
    ).toStrictEqual({ username: 'svc', password: '' });
  });

  it('takes only an http or https URL', () => {
    for (const url of ['registry:8080', 'ftp://registry', 'not a url']) {
      const result = z.object(registryEnvShape).safeParse({ SCHEMA_REGISTRY_URL: url });
      expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
        [['SCHEMA_REGISTRY_URL'], 'Invalid URL'],
      ]);
    }
  });
});
