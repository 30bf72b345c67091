/**
 * `npm run schemas:check` and `npm run schemas:register`.
 *
 * check: every version of every subject in schemas/ against the versions before it, locally
 * (Avro schema resolution, FULL_TRANSITIVE), then asks the registry whether it would accept
 * each version it does not hold yet. register: registers every subject's versions, oldest
 * first, with the subject's compatibility level set; idempotent.
 *
 * The registry is SCHEMA_REGISTRY_URL (with SCHEMA_REGISTRY_USERNAME/PASSWORD), else the
 * local stack's.
 */
import { registryUrlOf, stackOptionsFromEnv } from '@streamfold/local-stack';
import { parseEnv } from '@streamfold/observability';
import {
  checkCatalog,
  checkWithRegistry,
  loadCatalog,
  registerSubjects,
  registryConfigFromEnv,
  registryEnvShape,
  SchemaRegistryClient,
  subjectCompatibility,
  subjectsOf,
} from '@streamfold/schemas';
import { z } from 'zod';

const command = process.argv[2];
if (command !== 'check' && command !== 'register') {
  console.error('usage: schemas.ts check | register');
  process.exit(2);
}

// The services' own registry variables, validated the same way; the local stack by default.
function registryFromEnv(): SchemaRegistryClient {
  const env = parseEnv(z.object(registryEnvShape), {
    ...process.env,
    SCHEMA_REGISTRY_URL:
      process.env.SCHEMA_REGISTRY_URL ?? registryUrlOf(stackOptionsFromEnv(process.env)),
  });
  return new SchemaRegistryClient(registryConfigFromEnv(env));
}

const catalog = await loadCatalog();
const subjects = subjectsOf(
  catalog.topics,
  catalog.entries.map((e) => ({ name: e.fullName, version: e.version, schema: e.expanded })),
);

async function check(registry: SchemaRegistryClient): Promise<number> {
  const local = checkCatalog(catalog);
  for (const refusal of local.refusals) console.error(refusal.message);
  const versions = subjects.reduce((n, s) => n + s.versions.length, 0);
  console.log(
    `local: ${local.subjects.length} subjects, ${versions} versions, ${local.refusals.length} refused (${subjectCompatibility})`,
  );
  const remote = await checkWithRegistry(registry, subjects);
  for (const warning of remote.warnings) console.warn(warning);
  for (const refusal of remote.refusals) console.error(refusal.message);
  console.log(`registry ${registry.url}: ${remote.refusals.length} refused`);
  return local.refusals.length + remote.refusals.length === 0 ? 0 : 1;
}

async function register(registry: SchemaRegistryClient): Promise<number> {
  for (const { subject, ids } of await registerSubjects(registry, subjects)) {
    console.log(`${subject} ${ids.map(({ version, id }) => `v${version}=id ${id}`).join(', ')}`);
  }
  console.log(
    `registered ${subjects.length} subjects at ${registry.url} (${subjectCompatibility})`,
  );
  return 0;
}

try {
  const registry = registryFromEnv();
  process.exitCode = command === 'check' ? await check(registry) : await register(registry);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
