import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/pipewise.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'pipewise-cli-'));
const env = { ...process.env, PIPEWISE_DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'silent' };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const pipewise = (...args: string[]) => run(process.execPath, [bin, ...args], { env, timeout: 120_000 });

describe('the pipewise command on a fresh data folder', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'creates the first owner and a key, loads the demo, exports and imports losslessly',
    { timeout: 300_000 },
    async () => {
      const created = await pipewise(
        'user',
        'create',
        '--email',
        'boss@shop.test',
        '--name',
        'Boss',
        '--password',
        'password123',
        '--workspace-name',
        'Shop',
      );
      expect(created.stdout).toContain('Created workspace "Shop"');
      const key = await pipewise('api-key', 'create', '--name', 'ci');
      expect(key.stdout.trim()).toMatch(/^pw_[A-Za-z0-9_-]{20,}$/);
      const demo = await pipewise('demo', '--contacts', '60');
      expect(demo.stdout).toMatch(/Loaded in/);
      const out = path.join(dir, 'export.jsonl');
      await pipewise('export', '--out', out);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'header', format: 'pipewise-export' });
      expect(lines.filter((l) => l.includes('"table":"contacts"'))).toHaveLength(60);
      const imported = await pipewise('import-json', out, '--name', 'Shop copy');
      expect(imported.stdout).toMatch(/contacts: 60/);
      // two workspaces now: commands must be told which one
      await expect(pipewise('export')).rejects.toMatchObject({
        stderr: expect.stringMatching(/pick one with --workspace/),
      });
    },
  );

  it('explains bad input instead of crashing', { timeout: 120_000 }, async () => {
    await expect(
      pipewise('user', 'create', '--email', 'x@y.test', '--name', 'X', '--password', 'short', '--workspace', 'Shop'),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/password/) });
    await expect(pipewise('import-json', path.join(dir, 'missing.jsonl'))).rejects.toMatchObject({
      stderr: expect.stringMatching(/missing\.jsonl|ENOENT/),
    });
  });
});
