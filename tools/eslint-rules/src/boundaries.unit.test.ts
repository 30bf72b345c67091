import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import streamfold from './index.js';

const root = '/repo';
const linter = new Linter({ configType: 'flat', cwd: root });

const lint = (file: string, code: string): string[] =>
  linter
    .verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser },
          plugins: { streamfold },
          rules: {
            'streamfold/boundaries': [
              'error',
              {
                root,
                services: ['producer', 'aggregator', 'projection'],
                kafkaOwner: 'kafka',
                pureLibs: ['eventsourcing'],
              },
            ],
          },
        },
      ],
      { filename: path.join(root, file) },
    )
    .map((m) => m.message);

describe('import boundaries', () => {
  it('lets only libs/kafka import kafkajs', () => {
    expect(lint('libs/kafka/src/client.ts', "import { Kafka } from 'kafkajs';")).toEqual([]);
    expect(lint('services/producer/src/main.ts', "import { Kafka } from 'kafkajs';")).toEqual([
      'only libs/kafka imports kafkajs; use @streamfold/kafka',
    ]);
    expect(lint('libs/schemas/src/serde.ts', "export * from 'kafkajs';")).toHaveLength(1);
  });

  it('lets a service import libs but never another service', () => {
    expect(lint('services/producer/src/main.ts', "import { x } from '@streamfold/kafka';")).toEqual(
      [],
    );
    expect(
      lint('services/producer/src/main.ts', "import { x } from '@streamfold/projection';"),
    ).toEqual(['a service never imports another service (@streamfold/projection)']);
    expect(
      lint(
        'services/producer/src/http/app.ts',
        "import { x } from '../../../aggregator/src/main.js';",
      ),
    ).toEqual([
      'services/producer reaches outside itself by a relative path; import a lib by name',
    ]);
    expect(lint('services/producer/src/http/app.ts', "import { x } from '../config.js';")).toEqual(
      [],
    );
  });

  it('never lets a lib import a service', () => {
    expect(lint('libs/testing/src/x.ts', "import { x } from '@streamfold/producer';")).toEqual([
      'a lib never imports a service (@streamfold/producer)',
    ]);
    expect(
      lint('libs/testing/src/x.ts', "import { x } from '../../kafka/src/index.js';"),
    ).toHaveLength(1);
  });

  it('keeps domain code free of I/O', () => {
    const file = 'services/aggregator/src/domain/device.ts';
    expect(lint(file, "import { readFile } from 'node:fs/promises';")).toEqual([
      'domain code does no I/O: node:fs/promises is not allowed here',
    ]);
    expect(lint(file, "import { produce } from '@streamfold/kafka';")).toHaveLength(1);
    expect(lint(file, "import { window } from '../handlers/readings.js';")).toHaveLength(1);
    expect(lint(file, "import type { SensorReading } from '@streamfold/schemas';")).toEqual([]);
    expect(lint(file, "import { windowOf } from './windows.js';")).toEqual([]);
    // The kernel's deciders are pure: domain code may call them.
    expect(lint(file, "import { handleCommand } from '@streamfold/eventsourcing';")).toEqual([]);
    expect(lint(file, "import { runProcessor } from '@streamfold/streams';")).toHaveLength(1);
  });

  it('lets a unit test beside domain code import its runner and harness', () => {
    const test = 'services/aggregator/src/domain/device.unit.test.ts';
    expect(lint(test, "import { describe } from 'vitest';")).toEqual([]);
    expect(lint(test, "import { specification } from '@streamfold/eventsourcing';")).toEqual([]);
    expect(lint(test, "import { readFile } from 'node:fs/promises';")).toEqual([]);
  });
});
