import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/pipewise.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'pipewise-forecast-cli-'));
const env = { ...process.env, PIPEWISE_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
delete (env as Record<string, string | undefined>).DATABASE_URL;
const pipewise = (...args: string[]) => run(process.execPath, [bin, ...args], { env, timeout: 120_000 });

describe('pipewise forecast', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'forecasts a messy CSV outside any workspace, with warnings, as JSON and as text',
    { timeout: 120_000 },
    async () => {
      const file = path.join(dir, 'sales.csv');
      const months = Array.from(
        { length: 30 },
        (_, i) =>
          `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-15,"${(1000 + 10 * i).toLocaleString('en-US')}"`,
      );
      writeFileSync(file, `when,total\n${[...months.slice(10), ...months.slice(0, 10), months[3]].join('\n')}\n`);
      const json = JSON.parse((await pipewise('forecast', '--csv', file, '--horizon', '4', '--json')).stdout);
      expect(json).toMatchObject({ dateColumn: 'when', valueColumn: 'total', grain: 'month', horizon: 4 });
      expect(json.history).toHaveLength(30);
      expect(json.history[3].value).toBe(2 * 1030);
      expect(json.forecast).toHaveLength(4);
      expect(json.warnings.join(' ')).toMatch(/sorted/);
      expect(json.warnings.join(' ')).toMatch(/more than once/);
      const text = (await pipewise('forecast', '--csv', file, '--by', 'quarter', '--horizon', '2')).stdout;
      expect(text).toMatch(/Method: /);
      expect(text).toMatch(/80% range/);
    },
  );

  it('names the bad parameter, and says when a workspace has nothing to forecast', { timeout: 120_000 }, async () => {
    const file = path.join(dir, 'one.csv');
    writeFileSync(file, 'd,v\n2025-01-01,5\n');
    await expect(pipewise('forecast', '--csv', file, '--horizon', '0')).rejects.toMatchObject({
      stderr: expect.stringMatching(/horizon must be a whole number from 1/),
    });
    await expect(pipewise('forecast', '--csv', file, '--horizon', 'ten')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--horizon must be a whole number/),
    });
    await expect(pipewise('forecast', '--csv', path.join(dir, 'missing.csv'))).rejects.toMatchObject({
      stderr: expect.stringMatching(/Cannot read/),
    });
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
    const r = JSON.parse(
      (await pipewise('forecast', '--metric', 'orders', '--by', 'week', '--horizon', '8', '--json')).stdout,
    );
    expect(r).toMatchObject({ method: 'none', forecast: [], runId: null });
    await expect(pipewise('forecast', '--horizon', '10000')).rejects.toMatchObject({
      stderr: expect.stringMatching(/horizon must be a whole number from 1 to 120 months/),
    });
  });
});
