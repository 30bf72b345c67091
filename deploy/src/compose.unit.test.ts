/**
 * No Docker engine runs where these tests run, so docker-compose.yml and the Dockerfile are
 * checked statically: what `docker compose up` would do is read from the files and held
 * against the services' own configuration schemas.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  envSchema as aggregatorEnv,
  loadConfig as loadAggregator,
} from '@streamfold/aggregator/config';
import { envSchema as producerEnv, loadConfig as loadProducer } from '@streamfold/producer/config';
import {
  envSchema as projectionEnv,
  loadConfig as loadProjection,
} from '@streamfold/projection/config';
import { initEnvSchema, systemTopics } from '@streamfold/schemas';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const root = (file: string) => fileURLToPath(new URL(`../../${file}`, import.meta.url));

/** The root package.json's workspace globs (`libs/*` or a plain folder), expanded. */
const workspaces = (): string[] => {
  const { workspaces: globs } = z
    .object({ workspaces: z.array(z.string()) })
    .parse(JSON.parse(readFileSync(root('package.json'), 'utf8')));
  return globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(root(glob.slice(0, -2)), { withFileTypes: true })
          .filter(
            (d) =>
              d.isDirectory() && existsSync(root(`${glob.slice(0, -1)}${d.name}/package.json`)),
          )
          .map((d) => `${glob.slice(0, -1)}${d.name}`)
      : [glob],
  );
};

const composeSchema = z.object({
  services: z.record(
    z.string(),
    z.object({
      image: z.string().optional(),
      build: z
        .object({ context: z.string(), args: z.record(z.string(), z.string()).optional() })
        .optional(),
      entrypoint: z.array(z.string()).optional(),
      environment: z.record(z.string(), z.string()).optional(),
      ports: z.array(z.string()).optional(),
      depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
      healthcheck: z.object({ test: z.array(z.string()) }).optional(),
    }),
  ),
});

const compose = composeSchema.parse(
  parse(readFileSync(root('docker-compose.yml'), 'utf8'), { merge: true }),
);
const dockerfile = readFileSync(root('Dockerfile'), 'utf8');
const service = (name: string) => {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};

const ours = {
  producer: { schema: producerEnv, load: loadProducer },
  aggregator: { schema: aggregatorEnv, load: loadAggregator },
  projection: { schema: projectionEnv, load: loadProjection },
  'topic-init': {
    schema: initEnvSchema,
    load: (env: Record<string, string>) => initEnvSchema.parse(env),
  },
} as const;

/** Variables a schema cannot do without: neither optional nor defaulted. */
const required = (schema: z.ZodObject) =>
  Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([name]) => name);

describe('docker-compose.yml', () => {
  it('runs Kafka, a schema registry, Mosquitto, the topic-init job and the three services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'aggregator',
        'kafka',
        'mosquitto',
        'producer',
        'projection',
        'schema-registry',
        'topic-init',
      ].sort(),
    );
  });

  describe.each(Object.entries(ours))('%s', (name, { schema, load }) => {
    const environment = service(name).environment ?? {};

    it('sets only variables its configuration schema knows', () => {
      const known = Object.keys(schema.shape);
      expect(Object.keys(environment).filter((v) => !known.includes(v))).toEqual([]);
    });

    it('sets every variable its configuration schema requires, with values it accepts', () => {
      expect(required(schema).filter((v) => !(v in environment))).toEqual([]);
      expect(() => load(environment)).not.toThrow();
    });
  });

  it('pins every image to a version', () => {
    const images = [
      ...Object.values(compose.services).flatMap((s) => (s.image === undefined ? [] : [s.image])),
      ...[...dockerfile.matchAll(/^ARG NODE_IMAGE=(\S+)$/gm)].map((m) => m[1] ?? ''),
    ];
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^[\w./-]+:\d+\.\d+\.\d+[\w.-]*$/);
  });

  it('publishes no host port twice', () => {
    const hostPorts = Object.values(compose.services).flatMap((s) =>
      (s.ports ?? []).map((p) => p.split(':')[0]),
    );
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('gives every service a healthcheck, and starts the services only when their dependencies are healthy', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      expect(s.healthcheck?.test.length, name).toBeGreaterThan(0);
    }
    for (const name of ['producer', 'aggregator', 'projection']) {
      expect(service(name).depends_on).toMatchObject({
        kafka: { condition: 'service_healthy' },
        'schema-registry': { condition: 'service_healthy' },
        'topic-init': { condition: 'service_completed_successfully' },
      });
    }
    // The MQTT bridge is part of the producer's readiness.
    expect(service('producer').depends_on).toMatchObject({
      mosquitto: { condition: 'service_healthy' },
    });
    expect(service('producer').environment?.MQTT_URL).toBe('mqtt://mosquitto:1883');
  });

  it('creates topics with the same spec as ensureTopics, partitions as configured', () => {
    const init = initEnvSchema.parse(service('topic-init').environment ?? {});
    const specs = systemTopics({
      partitions: init.TOPIC_PARTITIONS,
      replicationFactor: init.TOPIC_REPLICATION_FACTOR,
    });
    expect(specs.every((s) => s.partitions === 6)).toBe(true);
    expect(service('topic-init').entrypoint).toEqual(['node', 'libs/schemas/dist/init-cli.js']);
  });

  it('builds each service from the one Dockerfile with its SERVICE argument', () => {
    for (const name of ['producer', 'aggregator', 'projection']) {
      expect(service(name).build).toEqual({ context: '.', args: { SERVICE: name } });
    }
  });
});

describe('Dockerfile', () => {
  it('is multi-stage, runs as a non-root user, checks /healthz, and ships production dependencies only', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toMatch(
      /production-manifest\.mjs "\$\{SERVICE\}"[^\n]*\n[^\n]*npm install --omit=dev/,
    );
    // npm ci needs every workspace's package.json before it runs.
    for (const w of workspaces()) expect(dockerfile).toContain(`COPY ${w}/package.json ${w}/`);
  });
});
