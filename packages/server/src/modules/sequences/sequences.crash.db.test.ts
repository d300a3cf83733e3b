import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../platform/db';
import { createTestApp } from '../../testing/harness';
import { startSmtp } from '../../testing/smtp';

/**
 * 1,000 due sequence emails; the drain runs as a child process (`pipewise mail drain`) that is killed with SIGKILL in
 * mid-batch and started again. Nothing may be delivered twice, every row ends sent or unknown (or cancelled, for the
 * addresses suppressed after queueing), and nothing reaches a suppressed address. PGlite data folder (the CLI's
 * default database); with TEST_DATABASE_URL the same on PostgreSQL is the bench's job.
 */
// SEQ_CRASH_N makes it smaller on a busy machine (the property is the same at any size).
const N = Number(process.env.SEQ_CRASH_N ?? 1000);
const SUPPRESSED = Math.floor(N / 20);
const root = path.resolve(__dirname, '../../../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'pw-seq-crash-'));
const SECRET = 'crash-secret-0123456789abcdef';
const env = { PIPEWISE_SECRET: SECRET, PIPEWISE_JOBS: 'off', PIPEWISE_PUBLIC_URL: 'https://crm.test' };
let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;

afterAll(async () => {
  await smtp?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openApp(clock: { now(): Date }) {
  const database = await openDatabase({ dataDir: dir });
  await database.migrate();
  return createTestApp({ clock, env, database: { ...database, dispose: () => database.close() } });
}

function drainChild() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'mail', 'drain'], {
    cwd: root,
    env: { ...process.env, ...env, PIPEWISE_DATA_DIR: dir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

describe('crash during a sequence send batch', () => {
  it('SIGKILL mid-batch and restart: 0 duplicates, every row sent or unknown, 0 to suppressed', async () => {
    smtp = await startSmtp({ delayMs: 5 });
    const clock = { now: () => new Date() };
    const t = await openApp(clock);
    const ws = await t.workspace('Crash shop');
    const as = ws.owner;
    const mb = await t.request('POST', '/api/v1/mail/mailboxes', as, {
      name: 'Shop',
      fromName: 'The Shop',
      fromAddress: 'hello@shop.test',
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
      dailyCap: 10_000,
      perMinute: 10_000,
    });
    expect(mb.status, JSON.stringify(mb.body)).toBe(201);
    await t.request('PUT', '/api/v1/mail/settings', as, { postalAddress: '1 Shop St', marketingOptIn: 'never' });
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const res = await t.request('POST', '/api/v1/contacts', as, {
        firstName: `C${i}`,
        email: `c${i}@crash.test`,
        country: 'US',
        consentMarketingEmail: 'granted',
      });
      ids.push(res.body.id);
    }
    const seq = await t.request('POST', '/api/v1/sequences', as, { name: 'Crash', mailboxId: mb.body.id });
    await t.request('PUT', `/api/v1/sequences/${seq.body.id}/steps`, as, {
      steps: [
        {
          kind: 'email',
          email: {
            kind: 'marketing',
            variants: [
              {
                key: 'A',
                subject: 'Hi {{ contact.first_name }}',
                bodyText: 'Hello.\n{{ postal_address }} {{ unsubscribe_url }}',
                weight: 1,
              },
            ],
          },
        },
      ],
    });
    // Any day, any hour: the child runs on the real clock.
    const patched = await t.request('PATCH', `/api/v1/sequences/${seq.body.id}`, as, {
      status: 'active',
      approvalMode: 'none',
      settings: { holdoutShare: 1, sendWindow: { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const enrol = await t.request('POST', `/api/v1/sequences/${seq.body.id}/enrolments`, as, { contactIds: ids });
    expect(enrol.body.enrolled).toBe(N);
    await t.services.sequences.run();
    expect((await t.services.mail.outboxCounts(ws.actor)).queued).toBe(N);
    // Said no after the emails were queued: the check right before sending must stop them.
    for (let i = 0; i < SUPPRESSED; i++) await t.services.mail.suppressByHand(ws.actor, `c${i * 20}@crash.test`);
    await t.dispose();

    // First drain: killed once a third of the messages are in.
    const first = drainChild();
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (smtp!.received.length >= N / 3) {
          clearInterval(timer);
          first.child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      void first.exited.then(() => {
        clearInterval(timer);
        reject(new Error(`the drain ended before it was killed: ${first.output()}`));
      });
    });
    await first.exited;
    const atKill = smtp.received.length;
    expect(atKill).toBeLessThan(N - SUPPRESSED);

    // Restarted: sends the rest; rows the dead drain held stay `sending` (never resent).
    const second = drainChild();
    expect(await second.exited, second.output()).toBe(0);

    // Past the sending lease, the next drain settles the dead drain's rows as unknown.
    const later = { now: () => new Date(Date.now() + 6 * 60_000) };
    const t2 = await openApp(later);
    await t2.services.mail.drain();
    const states = (await t2.database.query('select state, count(*)::int as n from mail_outbox group by state'))
      .rows as { state: string; n: number }[];
    const byState = Object.fromEntries(states.map((r) => [r.state, r.n]));
    const ids2 = smtp.received.map((r) => r.parsed.messageId);
    const duplicates = ids2.length - new Set(ids2).size;
    const suppressed = new Set(Array.from({ length: SUPPRESSED }, (_, i) => `c${i * 20}@crash.test`));
    const toSuppressed = smtp.received.filter((r) => r.to.some((a) => suppressed.has(a))).length;
    console.log(
      JSON.stringify({
        crash: 'sequences',
        rows: N,
        atKill,
        received: smtp.received.length,
        duplicates,
        toSuppressed,
        byState,
      }),
    );
    expect(duplicates).toBe(0);
    expect(toSuppressed).toBe(0);
    // Suppressed rows are cancelled by the check before sending, or, when the killed drain had already claimed
    // them, left unknown (never sent): either way nothing reached them (above).
    expect((byState.sent ?? 0) + (byState.unknown ?? 0) + (byState.cancelled ?? 0)).toBe(N);
    expect(byState.cancelled ?? 0).toBeLessThanOrEqual(SUPPRESSED);
    expect(byState.failed ?? 0).toBe(0);
    expect(byState.queued ?? 0).toBe(0);
    expect(byState.sending ?? 0).toBe(0);
    // Every message the server got is a row marked sent or unknown (none marked failed or lost).
    expect(smtp.received.length).toBeLessThanOrEqual(N - SUPPRESSED);
    expect(smtp.received.length).toBeGreaterThanOrEqual(byState.sent ?? 0);
    await t2.dispose();
  }, 600_000);
});
