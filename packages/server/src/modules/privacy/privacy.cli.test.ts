import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/pipewise.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'pipewise-privacy-cli-'));
const env = { ...process.env, PIPEWISE_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const pipewise = (...args: string[]) => run(process.execPath, [bin, ...args], { env, timeout: 120_000 });

describe('pipewise privacy', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports, changes consent, previews retention and erases by email', { timeout: 240_000 }, async () => {
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
    const csv = path.join(dir, 'people.csv');
    writeFileSync(csv, 'Email,First Name\nzed@cli.test,Zed\n');
    await pipewise('import', csv, '--type', 'contacts');
    const zip = path.join(dir, 'zed.zip');
    const exported = await pipewise('privacy', 'export', '--email', 'zed@cli.test', '-o', zip);
    expect(exported.stdout).toMatch(/Wrote .*zed\.zip: \d+ rows from \d+ tables/);
    const files = unzipSync(new Uint8Array(readFileSync(zip)));
    expect(JSON.parse(strFromU8(files['contacts.json']!))[0].email).toBe('zed@cli.test');
    await expect(
      pipewise('privacy', 'consent', '--email', 'zed@cli.test', '--set', 'marketing_email=granted'),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/reason/i) });
    expect(
      (
        await pipewise(
          'privacy',
          'consent',
          '--email',
          'zed@cli.test',
          '--set',
          'marketing_email=granted',
          '--reason',
          'asked at the till',
        )
      ).stdout,
    ).toMatch(/Marketing email\s+granted[\s\S]*asked at the till/);
    await expect(pipewise('privacy', 'retention', '--months', '0')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--months must be a whole number/),
    });
    expect((await pipewise('privacy', 'retention', '--months', '36', '--dry-run')).stdout).toMatch(
      /36 months \(on\)[\s\S]*Dry run: 0 contact/,
    );
    await expect(pipewise('privacy', 'erase', '--email', 'zed@cli.test')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--yes/),
    });
    expect((await pipewise('privacy', 'erase', '--email', 'zed@cli.test', '--yes')).stdout).toMatch(
      /Erased contact .* Email\/phone blocklisted/,
    );
  });
});
