// @ts-check
import path from 'node:path';
import { builtinModules } from 'node:module';

/**
 * Where a file sits in the monorepo: `services/<name>`, `libs/<name>`, or elsewhere.
 * @param {string} file absolute path
 * @param {string} root absolute repository root
 * @returns {{ layer: 'services' | 'libs' | 'other', pkg: string | null, inDomain: boolean }}
 */
export function locate(file, root) {
  const rel = path.relative(root, file).split(path.sep);
  const [layer, pkg] = rel;
  // A test beside domain code is not domain code: it may import its test runner and harness.
  const isTest = /\.test\.[cm]?[jt]s$/.test(file);
  const inDomain = rel.includes('domain') && !isTest;
  if ((layer === 'services' || layer === 'libs') && pkg !== undefined && rel.length > 2) {
    return { layer, pkg, inDomain };
  }
  return { layer: 'other', pkg: null, inDomain };
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** @param {string} source */
const packageName = (source) =>
  source.startsWith('@')
    ? source.split('/').slice(0, 2).join('/')
    : (source.split('/')[0] ?? source);

/**
 * @param {string} source
 * @param {string} importer
 * @param {string} root
 * @param {{ services: string[], kafkaOwner: string, pureLibs?: string[] }} options
 * @returns {string | null} why the import is not allowed, or null
 */
export function violation(source, importer, root, options) {
  const from = locate(importer, root);
  const relative = source.startsWith('.');
  const target = relative ? locate(path.resolve(path.dirname(importer), source), root) : null;
  const pkg = relative ? null : packageName(source);
  const serviceOf = (/** @type {string} */ name) =>
    options.services.find((s) => name === `@streamfold/${s}`) ?? null;

  if (pkg === 'kafkajs' && !(from.layer === 'libs' && from.pkg === options.kafkaOwner)) {
    return `only libs/${options.kafkaOwner} imports kafkajs; use @streamfold/${options.kafkaOwner}`;
  }
  if (from.layer === 'libs') {
    if (pkg !== null && serviceOf(pkg) !== null) return `a lib never imports a service (${pkg})`;
    if (target !== null && (target.layer !== 'libs' || target.pkg !== from.pkg)) {
      return `libs/${from.pkg} reaches outside itself by a relative path; import the package by name`;
    }
  }
  if (from.layer === 'services') {
    const other = pkg === null ? null : serviceOf(pkg);
    if (other !== null && other !== from.pkg)
      return `a service never imports another service (${pkg})`;
    if (target !== null && (target.layer !== 'services' || target.pkg !== from.pkg)) {
      return `services/${from.pkg} reaches outside itself by a relative path; import a lib by name`;
    }
  }
  if (from.inDomain) {
    if (pkg !== null && builtins.has(source))
      return `domain code does no I/O: ${source} is not allowed here`;
    if (target !== null && !target.inDomain) {
      return 'domain code imports only other domain code (or types)';
    }
    // A pure lib (no I/O by its own rule, e.g. the kernel's deciders) is domain code too.
    const pure = (options.pureLibs ?? []).some((lib) => pkg === `@streamfold/${lib}`);
    if (pkg !== null && !builtins.has(source) && !pure) {
      return `domain code does no I/O: import only types from ${pkg}, or move this to handlers/`;
    }
  }
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the arrows of the monorepo pointing one way' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          services: { type: 'array', items: { type: 'string' } },
          kafkaOwner: { type: 'string' },
          pureLibs: { type: 'array', items: { type: 'string' } },
        },
        required: ['root', 'services', 'kafkaOwner'],
        additionalProperties: false,
      },
    ],
    messages: { crossed: '{{why}}' },
  },
  create(context) {
    const options = context.options[0];
    /** @param {import('estree').Node & { importKind?: string, exportKind?: string }} node @param {unknown} source */
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      // Type-only imports carry no I/O and no runtime dependency.
      if (node.importKind === 'type' || node.exportKind === 'type') return;
      const why = violation(source, context.filename, options.root, options);
      if (why !== null) context.report({ node, messageId: 'crossed', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { boundaries } };
