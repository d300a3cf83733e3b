// Builds the website widget (packages/web/src/widget) into packages/web/dist/widget.js: one small IIFE, no framework.
// Run after `vite build` (which empties dist). Prints the raw and gzipped sizes.
import { build } from 'esbuild';
import { readFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'packages/web/dist/widget.js');
mkdirSync(path.dirname(outfile), { recursive: true });
await build({
  entryPoints: [path.join(root, 'packages/web/src/widget/widget.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outfile,
  legalComments: 'none',
  logLevel: 'warning',
});
const code = readFileSync(outfile);
const gz = gzipSync(code, { level: 9 }).length;
console.log(JSON.stringify({ widget: 'packages/web/dist/widget.js', bytes: code.length, gzipBytes: gz }));
