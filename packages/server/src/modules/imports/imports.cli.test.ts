import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/pipewise.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'pipewise-import-cli-'));
const env = { ...process.env, PIPEWISE_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const pipewise = (...args: string[]) => run(process.execPath, [bin, ...args], { env, timeout: 120_000 });

describe('pipewise import', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'exits non-zero and says so when every row is rejected; succeeds when some rows import',
    { timeout: 180_000 },
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
      const bad = path.join(dir, 'bad.csv');
      writeFileSync(bad, 'Email,Notes\nnot-an-email,x\nalso bad,y\n');
      await expect(pipewise('import', bad, '--type', 'contacts')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/Every row was rejected \(2 of 2\)/),
      });
      const good = path.join(dir, 'good.csv');
      writeFileSync(good, 'Email,Notes\nann@shop.test,x\nalso bad,y\n');
      const ok = await pipewise('import', good, '--type', 'contacts');
      expect(ok.stdout).toMatch(/2 rows read = 1 created \+ 0 updated \+ 0 unchanged \+ 1 rejected/);
    },
  );
});
