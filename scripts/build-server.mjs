#!/usr/bin/env node
// Compiles the server and the model worker to two JavaScript bundles (packages/server/dist), so the `pipewise`
// command starts without compiling TypeScript (decision 0006). npm packages stay external; our own workspaces
// (@pipewise/ml) are bundled, since Node 20 cannot load their TypeScript sources.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'packages/server/dist');

const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@pipewise/') ? undefined : { external: true }));
  },
};

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: {
    cli: path.join(root, 'packages/server/src/cli.ts'),
    'ml-worker': path.join(root, 'packages/ml/src/parallel/worker-main.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Chunks for the dynamic imports: a command loads the database, the server and the models only when it runs.
  splitting: true,
  chunkNames: '[name]-[hash]',
  metafile: process.argv.includes('--metafile'),
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  plugins: [externalPackages],
  logLevel: 'warning',
});
if (result.metafile) writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
if (!process.argv.includes('--quiet'))
  console.log(`[build] server compiled to ${path.relative(root, outdir)} in ${Date.now() - started} ms`);
