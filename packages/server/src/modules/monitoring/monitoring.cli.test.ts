import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/pipewise.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'pipewise-monitoring-cli-'));
const env = { ...process.env, PIPEWISE_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const pipewise = (...args: string[]) => run(process.execPath, [bin, ...args], { env, timeout: 120_000 });

describe('pipewise monitoring', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('status and drift, as text and JSON, with a check on demand', { timeout: 180_000 }, async () => {
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
    const status = JSON.parse((await pipewise('monitoring', 'status', '--refresh', '--json')).stdout);
    expect(status.targets.map((t: { target: string }) => t.target)).toEqual(['contact_conversion', 'deal_won']);
    expect(status.targets[0]).toMatchObject({ active: null, logged: 0, resolved: 0, alerts: [] });
    expect((await pipewise('monitoring', 'status')).stdout).toMatch(
      /Leads \(customer\): no active model; 0 scores logged, 0 with outcomes/,
    );
    expect(JSON.parse((await pipewise('monitoring', 'drift', '--json')).stdout)).toMatchObject({
      target: 'contact_conversion',
      checkedAt: null,
      features: [],
    });
    expect((await pipewise('monitoring', 'drift', '--target', 'deal_won')).stdout).toMatch(/not checked yet/);
    await expect(pipewise('monitoring', 'drift', '--target', 'nope')).rejects.toMatchObject({
      stderr: expect.stringMatching(/Allowed choices are contact_conversion, deal_won/),
    });
  });
});
