import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

const kafkaSetup = fileURLToPath(new URL('./libs/testing/src/global-setup.ts', import.meta.url));

/**
 * One config per package, three tiers as vitest projects:
 * `unit` (no I/O), `int` (a real Kafka and registry), `e2e` (real processes end to end).
 * Tests import sibling libs from source through the `@streamfold/source` export condition.
 */
export function streamfoldTestConfig(): ViteUserConfig {
  const conditions = ['@streamfold/source', ...defaultServerConditions];
  // Kafka tiers run one file at a time: some tests restart the shared broker.
  const withKafka = {
    globalSetup: [kafkaSetup],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  };
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    // Global setup files run in Vitest's own environment, which takes neither of the above.
    environments: { __vitest__: { resolve: { conditions } } },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['**/*.unit.test.ts'],
            exclude: ['**/node_modules/**', '**/dist/**'],
          },
        },
        {
          extends: true,
          test: {
            name: 'int',
            include: ['**/*.int.test.ts'],
            exclude: ['**/node_modules/**', '**/dist/**'],
            ...withKafka,
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            include: ['**/*.e2e.test.ts'],
            exclude: ['**/node_modules/**', '**/dist/**'],
            ...withKafka,
          },
        },
      ],
    },
  });
}
