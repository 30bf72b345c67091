import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog, type Catalog, type RawSchemaFile } from './catalog.js';

/** The repository's `schemas/` folder. */
export const schemasDir = fileURLToPath(new URL('../../../../schemas/', import.meta.url));

/** Reads every `.avsc` under `dir/<family>/` and `dir/topics.json` into a checked catalog. */
export async function loadCatalog(dir: string = schemasDir): Promise<Catalog> {
  const raw: RawSchemaFile[] = [];
  const families = (await readdir(dir, { withFileTypes: true })).filter((entry) =>
    entry.isDirectory(),
  );
  for (const family of families) {
    const names = (await readdir(path.join(dir, family.name)))
      .filter((name) => name.endsWith('.avsc'))
      .sort();
    for (const fileName of names) {
      const relative = `${family.name}/${fileName}`;
      const text = await readFile(path.join(dir, relative), 'utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new Error(
          `schemas/${relative}: not JSON: ${error instanceof Error ? error.message : String(error)}`,
          {
            cause: error,
          },
        );
      }
      raw.push({ path: `schemas/${relative}`, family: family.name, fileName, json });
    }
  }
  const topics: unknown = JSON.parse(await readFile(path.join(dir, 'topics.json'), 'utf8'));
  return buildCatalog(raw, topics);
}
