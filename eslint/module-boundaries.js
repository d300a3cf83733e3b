// Module boundaries (design guide, "Layout"): a module owns its tables and SQL. Another module may not import values
// from its `*.schema.ts` or `*.repo.ts` (it calls the module's service; types and foreign keys between schema files
// are fine), may not take tables from the aggregate
// `platform/schema.ts`, and `platform/` imports no module. Imports that broke the rule before it existed are listed,
// file by file, in `eslint/boundary-debt.json` (decision 0007): they still pass, every new one fails, and an entry
// that no longer occurs fails too, so the list only shrinks.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const debtFile = path.join(root, 'eslint/boundary-debt.json');
const debt = new Set(existsSync(debtFile) ? JSON.parse(readFileSync(debtFile, 'utf8')) : []);
const serverSrc = path.join(root, 'packages/server/src');
// The SQL layer is `<module>.repo.ts` or `<module>-<what>.repo.ts`; the older names are gone (test: module-boundaries).
const ownedLayers = /\.(schema|repo)$/;

const rel = (p) => path.relative(serverSrc, p).replace(/\\/g, '/');
const moduleOf = (r) => (r.startsWith('modules/') ? r.split('/')[1] : null);
const isTest = (r) => /\.(test|testing)\.ts$/.test(r) || r.startsWith('testing/');

/** Why importing `target` from `file` breaks a boundary, or null. Both are paths relative to packages/server/src. */
export function boundaryViolation(file, target) {
  if (isTest(file)) return null; // tests set up and inspect any table
  // A table's foreign keys name the tables they reference: schema files may import each other.
  if (/\.schema\.ts$/.test(file) && /\.schema\.ts$/.test(target)) return null;
  const from = moduleOf(file);
  const to = moduleOf(target);
  const bare = target.replace(/\.ts$/, '');
  if (file.startsWith('platform/') && to && file !== 'platform/schema.ts') {
    return `platform/ imports no module (${target}): pass what it needs in from app.ts`;
  }
  if (from && bare === 'platform/schema')
    return `module ${from} takes tables from platform/schema.ts: call their module's service`;
  if (from && to && from !== to && ownedLayers.test(bare)) {
    return `module ${from} imports ${target}, which module ${to} owns: call ${to}'s service instead`;
  }
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    messages: {
      boundary: '{{why}}',
      stale: 'eslint/boundary-debt.json lists "{{entry}}", which no longer occurs: delete the entry',
    },
  },
  create(context) {
    const file = rel(context.filename);
    if (file.startsWith('..')) return {};
    const seen = new Set();
    const check = (node) => {
      // Types (a Role, a row type) carry no access to the tables: only values cross the boundary.
      if (node.importKind === 'type' || node.exportKind === 'type') return;
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const resolved = path.resolve(path.dirname(context.filename), spec);
      const target = rel(resolved.endsWith('.ts') ? resolved : `${resolved}.ts`);
      const why = boundaryViolation(file, target);
      if (!why) return;
      const entry = `${file} -> ${target}`;
      seen.add(entry);
      if (!debt.has(entry)) context.report({ node, messageId: 'boundary', data: { why } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      'Program:exit'(node) {
        for (const entry of debt) {
          if (entry.startsWith(`${file} -> `) && !seen.has(entry))
            context.report({ node, messageId: 'stale', data: { entry } });
        }
      },
    };
  },
};

export default { rules: { 'module-boundaries': rule } };
