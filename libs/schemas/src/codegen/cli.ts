import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { familyModule, indexModule, parseSchemaFileName, type SchemaSource } from './generate.js';
import type { AvroSchema } from './typescript.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const schemasDir = path.resolve(here, '../../../../schemas');
const outDir = path.resolve(here, '../generated');

async function loadSources(): Promise<Map<string, SchemaSource[]>> {
  const families = new Map<string, SchemaSource[]>();
  for (const family of (await readdir(schemasDir, { withFileTypes: true })).filter((d) =>
    d.isDirectory(),
  )) {
    const sources: SchemaSource[] = [];
    for (const file of (await readdir(path.join(schemasDir, family.name))).filter((f) =>
      f.endsWith('.avsc'),
    )) {
      const { record, version } = parseSchemaFileName(file);
      const schema = JSON.parse(
        await readFile(path.join(schemasDir, family.name, file), 'utf8'),
      ) as AvroSchema;
      sources.push({ family: family.name, record, version, schema });
    }
    families.set(family.name, sources);
  }
  return families;
}

async function main(check: boolean): Promise<number> {
  const families = await loadSources();
  const files = new Map<string, string>([['index.ts', indexModule([...families.keys()])]]);
  for (const [family, sources] of families)
    files.set(`${family}.ts`, familyModule(family, sources));
  const stale: string[] = [];
  for (const [name, content] of files) {
    const target = path.join(outDir, name);
    const current = await readFile(target, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    });
    if (current === content) continue;
    if (check) {
      stale.push(name);
    } else {
      await mkdir(outDir, { recursive: true });
      await writeFile(target, content);
      console.log(`wrote ${path.relative(process.cwd(), target)}`);
    }
  }
  if (stale.length > 0) {
    console.error(
      `generated types are stale (${stale.join(', ')}): run \`npm run schemas:generate\``,
    );
    return 1;
  }
  if (check) console.log('generated types are up to date');
  return 0;
}

process.exitCode = await main(process.argv.includes('--check'));
