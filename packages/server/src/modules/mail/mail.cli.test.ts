import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '../../platform/config';
import { openDatabase } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { systemClock } from '../../platform/clock';
import { systemActor } from '../../platform/cli-kit';
import { createServices } from '../../app';
import { startSmtp } from '../../testing/smtp';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/pipewise.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'pipewise-mail-cli-'));
const dataDir = path.join(dir, 'data');
const env: Record<string, string | undefined> = { ...process.env, PIPEWISE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
delete env.DATABASE_URL;
delete env.PIPEWISE_SECRET;
const pipewise = (...args: string[]) => run(process.execPath, [bin, ...args], { env, timeout: 120_000 });
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp({ auth: { user: 'shop', password: 'pw-secret' } });
});
afterAll(async () => {
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('pipewise mail', () => {
  it(
    'tests a mailbox and lists the outbox; the password key is generated into the data folder',
    { timeout: 300_000 },
    async () => {
      await pipewise(
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
      await expect(pipewise('mail', 'test', '--to', 'me@shop.test')).rejects.toMatchObject({
        stderr: expect.stringMatching(/No mailbox yet/),
      });

      // Add a mailbox the way the API does, on the same data folder (the CLI holds no lock between commands).
      const config = loadConfig(env);
      const database = await openDatabase({ dataDir: config.dataDir });
      try {
        const s = createServices(database, config, systemClock, createLogger('silent'));
        const [ws] = await s.workspaces.list();
        await s.mail.saveMailbox(systemActor(ws!.id), null, {
          name: 'Shop',
          userId: null,
          fromName: 'Shop',
          fromAddress: 'hello@shop.test',
          smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', user: 'shop', password: 'pw-secret' },
          imap: null,
          dailyCap: 300,
          perMinute: 20,
          isDefault: true,
        });
      } finally {
        await database.close();
      }
      expect(existsSync(path.join(dataDir, 'secret.key'))).toBe(true);

      const sent = await pipewise('mail', 'test', '--to', 'me@shop.test');
      expect(sent.stdout).toMatch(/Sent a test message from hello@shop\.test/);
      expect(smtp.received.at(-1)?.to).toEqual(['me@shop.test']);
      await expect(pipewise('mail', 'test', '--to', 'not-an-address')).rejects.toMatchObject({
        stderr: expect.stringMatching(/--to/),
      });

      const outbox = await pipewise('mail', 'outbox', '--json');
      expect(JSON.parse(outbox.stdout)).toMatchObject({ counts: { queued: 0, unknown: 0 }, data: [] });
      await expect(pipewise('mail', 'outbox', '--state', 'lost')).rejects.toMatchObject({
        stderr: expect.stringMatching(/Invalid --state: "lost"/),
      });
    },
  );
});
