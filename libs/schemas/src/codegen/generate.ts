import { namesIn, shortName, type Catalog, type CatalogEntry } from '../catalog/catalog.js';
import { declarationsFor } from './typescript.js';

export { parseSchemaFileName } from '../catalog/catalog.js';

/** One version of one record, as the codegen needs it. */
export type SchemaSource = Pick<CatalogEntry, 'family' | 'record' | 'version' | 'schema'> &
  Partial<Pick<CatalogEntry, 'expanded'>>;

const header = (family: string): string =>
  `// Generated from schemas/${family}/*.avsc by \`npm run schemas:generate\`. Do not edit.\n`;

const familyOfName = (fullName: string): string => fullName.split('.').at(-2) ?? '';

/**
 * The generated module of one family: per version its types and its schema (expanded to stand
 * alone, as registered), and an alias per record for its newest version. A type defined in
 * another file is referred to by that record's newest alias, imported from its family.
 */
export function familyModule(family: string, sources: readonly SchemaSource[]): string {
  const sorted = [...sources].sort(
    (a, b) => a.record.localeCompare(b.record) || a.version - b.version,
  );
  const imports = new Map<string, Set<string>>();
  const body: string[] = [];
  for (const source of sorted) {
    const suffix = `V${source.version}`;
    const { defined } = namesIn(source.schema);
    const local = new Set([...defined.keys()].map(shortName));
    const refer = (name: string): string => {
      const short = shortName(name);
      if (local.has(short)) return `${short}${suffix}`;
      const from = familyOfName(name);
      if (from !== family) imports.set(from, (imports.get(from) ?? new Set()).add(short));
      return short;
    };
    body.push(`\n${declarationsFor(source.schema, suffix, refer)}`);
    body.push(
      `\nexport const ${source.record}${suffix}Schema = ${JSON.stringify(source.expanded ?? source.schema, null, 2)} as const;\n`,
    );
  }
  const latest = new Map<string, number>();
  for (const s of sorted) latest.set(s.record, Math.max(latest.get(s.record) ?? 0, s.version));
  for (const [record, version] of latest) {
    body.push(
      `\n/** The newest version of ${record}. */\nexport type ${record} = ${record}V${version};\n`,
    );
  }
  const importLines = [...imports.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([from, names]) => `import type { ${[...names].sort().join(', ')} } from './${from}.js';\n`,
    );
  return [header(family), ...(importLines.length > 0 ? ['\n', ...importLines] : []), ...body].join(
    '',
  );
}

/** `device.events` → `DeviceEvents`. */
export const topicTypeName = (topic: string): string =>
  topic
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');

/**
 * The generated catalog: every version's standalone schema, the records of each topic, and
 * per topic a union of `{ name, value }` over its records' newest versions.
 */
export function catalogModule(catalog: Catalog): string {
  const lines = ['// Generated from schemas/ by `npm run schemas:generate`. Do not edit.\n'];
  const byFamily = new Map<string, Set<string>>();
  const use = (family: string, name: string) =>
    byFamily.set(family, (byFamily.get(family) ?? new Set()).add(name));
  for (const entry of catalog.entries) use(entry.family, `${entry.record}V${entry.version}Schema`);
  const topicEntries = Object.entries(catalog.topics).sort(([a], [b]) => a.localeCompare(b));
  for (const [, records] of topicEntries) {
    for (const record of records) use(familyOfName(record), shortName(record));
  }
  for (const [family, names] of [...byFamily.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const sortedNames = [...names].sort();
    const values = sortedNames.filter((n) => n.endsWith('Schema'));
    const types = sortedNames.filter((n) => !n.endsWith('Schema'));
    lines.push(
      `import { ${[...values, ...types.map((t) => `type ${t}`)].join(', ')} } from './${family}.js';\n`,
    );
  }
  lines.push(
    '\n/** Every version of every record, its schema standing alone (as registered). */\n',
    'export const schemaCatalog = [\n',
    ...catalog.entries.map(
      (e) =>
        `  { name: '${e.fullName}', version: ${e.version}, schema: ${e.record}V${e.version}Schema },\n`,
    ),
    '] as const;\n',
    '\n/** The records each topic carries, by full name. */\n',
    'export const topicRecords = {\n',
    ...topicEntries.map(
      ([topic, records]) => `  '${topic}': [${records.map((r) => `'${r}'`).join(', ')}],\n`,
    ),
    '} as const;\n',
  );
  for (const [topic, records] of topicEntries) {
    lines.push(
      `\n/** A record of ${topic}: which one, and its value in the newest version. */\n`,
      `export type ${topicTypeName(topic)}Record =\n`,
      ...records.map((r, i) => {
        const name = shortName(r);
        const end = i === records.length - 1 ? ';' : '';
        return `  | { readonly name: '${name}'; readonly value: ${name} }${end}\n`;
      }),
    );
  }
  lines.push(
    '\n/** The record union of each topic. */\n',
    'export interface TopicRecords {\n',
    ...topicEntries.map(([topic]) => `  '${topic}': ${topicTypeName(topic)}Record;\n`),
    '}\n',
    '\nexport type TopicName = keyof TopicRecords;\n',
  );
  return lines.join('');
}

/** The generated index: re-exports every family and the catalog. */
export function indexModule(families: readonly string[]): string {
  const lines = [...families, 'catalog'].sort().map((f) => `export * from './${f}.js';\n`);
  return `// Generated by \`npm run schemas:generate\`. Do not edit.\n${lines.join('')}`;
}
