#!/usr/bin/env node
// Browser tests: builds the web app if needed, starts `pipewise serve` on a free port with a fresh PGlite
// data directory, waits for /api/health, runs packages/web/e2e with vitest, and stops the server.
// Extra arguments go to vitest (e.g. `npm run test:e2e -- contacts`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'packages/web');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIfNeeded() {
  const index = join(web, 'dist/index.html');
  const sources = Math.max(
    newestMtime(join(web, 'src')),
    statSync(join(web, 'index.html')).mtimeMs,
    statSync(join(web, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('[e2e] building the web app…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@pipewise/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, server, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return await res.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no answer from ${url}/api/health within ${timeoutMs / 1000}s`);
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the server's whole process group (npx → tsx → node): SIGTERM, then SIGKILL after 5 s. */
async function stop(child) {
  if (!child?.pid) return;
  const pgid = child.pid;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 5000;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

async function main() {
  if (!existsSync(chromium)) {
    console.error(`[e2e] chromium not found at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
    process.exit(1);
  }
  buildIfNeeded();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'pipewise-e2e-'));
  const logPath = join(dataDir, 'server.log');
  const log = createWriteStream(logPath);
  const url = `http://127.0.0.1:${port}`;
  console.log(`[e2e] starting the server on ${url} (data ${dataDir})`);
  const server = spawn('npx', ['tsx', 'packages/server/src/cli.ts', 'serve'], {
    cwd: root,
    detached: true, // own process group, so npx/tsx/node all stop together
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PIPEWISE_DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);

  let code = 1;
  const cleanup = async () => {
    await stop(server);
    if (code === 0 && !process.env.KEEP_E2E_DATA) rmSync(dataDir, { recursive: true, force: true });
    else console.log(`[e2e] server log and data kept in ${dataDir}`);
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    const health = await waitForHealth(url, server);
    console.log(`[e2e] server up: ${JSON.stringify(health)}`);
    const vitest = spawn(
      'npx',
      ['vitest', 'run', '--config', 'packages/web/e2e/vitest.e2e.config.ts', ...process.argv.slice(2)],
      {
        cwd: root,
        env: { ...process.env, PIPEWISE_E2E_URL: url, CHROMIUM_PATH: chromium },
        stdio: 'inherit',
      },
    );
    code = await new Promise((resolve) => vitest.on('exit', (c) => resolve(c ?? 1)));
  } catch (e) {
    console.error(`[e2e] ${e instanceof Error ? e.message : e}`);
    try {
      console.error(readFileSync(logPath, 'utf8').split('\n').slice(-40).join('\n'));
    } catch {
      /* no log */
    }
    code = 1;
  }
  await cleanup();
  process.exit(code);
}

void main();
