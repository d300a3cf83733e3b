// Whether the compiled server (packages/server/dist, from scripts/build-server.mjs) is newer than every source it
// was built from. Shared by the `pipewise` command (which falls back to the sources through tsx when it is not) and
// `npm start` (which rebuilds).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const compiledCli = path.join(repoRoot, 'packages/server/dist/cli.mjs');
const sourceDirs = ['packages/server/src', 'packages/ml/src'].map((d) => path.join(repoRoot, d));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function serverBuildIsFresh() {
  let built;
  try {
    built = statSync(compiledCli).mtimeMs;
  } catch {
    return false;
  }
  return sourceDirs.every((d) => newestMtime(d) <= built);
}
