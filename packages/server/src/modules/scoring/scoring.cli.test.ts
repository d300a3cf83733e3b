import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/pipewise.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'pipewise-score-cli-'));
const env = { ...process.env, PIPEWISE_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const pipewise = (...args: string[]) => run(process.execPath, [bin, ...args], { env, timeout: 120_000 });

describe('pipewise score settings', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'shows and changes the lead horizon, and names a bad --horizon without saving it',
    { timeout: 120_000 },
    async () => {
      await pipewise(
        'user',
        'create',
        '--email',
        'o@shop.test',
        '--name',
        'O',
        '--password',
        'password123',
        '--workspace-name',
        'Shop',
      );
      expect(JSON.parse((await pipewise('score', 'settings', '--json')).stdout)).toEqual({ horizonDays: 90 });
      expect((await pipewise('score', 'settings', '--horizon', '60')).stdout).toMatch(
        /becomes a customer within 60 days \(saved/,
      );
      await expect(pipewise('score', 'settings', '--horizon', '5')).rejects.toMatchObject({
        stderr: expect.stringMatching(/--horizon must be a whole number of days from 7 to 730 \(got "5"\)/),
      });
      await expect(pipewise('score', 'settings', '--horizon', '30.5')).rejects.toMatchObject({
        stderr: expect.stringMatching(/--horizon must be a whole number/),
      });
      expect(JSON.parse((await pipewise('score', 'settings', '--json')).stdout)).toEqual({ horizonDays: 60 });
    },
  );
});
