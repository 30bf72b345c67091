// Reduces the workspace to one service and the libraries it needs at run time, before the
// image's production install. `npm ci --omit=dev --workspace=…` alone installs far more: npm
// counts every dependency of every workspace (the test harness's Testcontainers and Vitest
// among them) as a production dependency of the root. Versions still come from the lock file.
// Usage: node deploy/docker/production-manifest.mjs <service>
import { readFileSync, writeFileSync } from 'node:fs';

const service = process.argv[2];
if (!service) throw new Error('usage: production-manifest.mjs <producer|aggregator|projection>');

const read = (dir) => JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
const write = (dir, manifest) =>
  writeFileSync(`${dir}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
const root = read('.');
const workspaceOf = new Map(
  ['libs/kafka', 'libs/schemas', 'libs/observability', 'libs/eventsourcing', 'libs/streams']
    .map((dir) => {
      try {
        return [read(dir).name, dir];
      } catch {
        return undefined;
      }
    })
    .filter((entry) => entry !== undefined),
);

const needed = new Set();
const visit = (dir) => {
  if (needed.has(dir)) return;
  needed.add(dir);
  const manifest = read(dir);
  delete manifest.devDependencies;
  write(dir, manifest);
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    const lib = workspaceOf.get(name);
    if (lib) visit(lib);
    else if (name.startsWith('@streamfold/'))
      throw new Error(`${dir} needs ${name}, which is not a library`);
  }
};
visit(`services/${service}`);

delete root.devDependencies;
root.workspaces = [...needed];
write('.', root);
console.log(`production workspace: ${[...needed].join(', ')}`);
