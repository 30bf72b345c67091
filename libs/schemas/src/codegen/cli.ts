import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { loadCatalog } from '../catalog/load-catalog.js';
import { catalogModule, familyModule, indexModule } from './generate.js';

const outDir = fileURLToPath(new URL('../generated/', import.meta.url));

async function main(check: boolean): Promise<number> {
  const catalog = await loadCatalog();
  const families = [...new Set(catalog.entries.map((e) => e.family))].sort();
  const files = new Map<string, string>([
    ['index.ts', indexModule(families)],
    ['catalog.ts', catalogModule(catalog)],
  ]);
  for (const family of families) {
    files.set(
      `${family}.ts`,
      familyModule(
        family,
        catalog.entries.filter((e) => e.family === family),
      ),
    );
  }
  // Formatted as the repository formats code, so that no formatter run ever makes it stale.
  for (const [name, content] of files) {
    const filepath = path.join(outDir, name);
    files.set(name, await format(content, { ...(await resolveConfig(filepath)), filepath }));
  }
  const existing = await readdir(outDir).catch(() => [] as string[]);
  const stale = existing.filter((name) => !files.has(name));
  for (const [name, content] of files) {
    const target = path.join(outDir, name);
    const current = await readFile(target, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    });
    if (current !== content) stale.push(name);
  }
  if (stale.length === 0) {
    console.log('generated types are up to date');
    return 0;
  }
  if (check) {
    console.error(
      `generated types are stale (${stale.join(', ')}): run \`npm run schemas:generate\``,
    );
    return 1;
  }
  await mkdir(outDir, { recursive: true });
  for (const name of existing.filter((n) => !files.has(n))) await rm(path.join(outDir, name));
  for (const [name, content] of files) await writeFile(path.join(outDir, name), content);
  console.log(`wrote ${[...files.keys()].join(', ')} in ${path.relative(process.cwd(), outDir)}`);
  return 0;
}

process.exitCode = await main(process.argv.includes('--check'));
