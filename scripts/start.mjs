#!/usr/bin/env node
// `npm start`: build the web app once if it is missing and the server when a source changed, then run `pipewise serve`.
import { existsSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverBuildIsFresh } from './server-build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!existsSync(path.join(root, 'packages/web/dist/index.html'))) {
  console.log('Building the web app (first start only)…');
  const built = spawnSync(npm, ['run', 'build', '-w', '@pipewise/web'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
if (!serverBuildIsFresh()) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build-server.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const args = process.argv.includes('--dev') ? ['serve'] : ['serve', ...process.argv.slice(2)];
const child = spawn(process.execPath, [path.join(root, 'packages/server/bin/pipewise.mjs'), ...args], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
