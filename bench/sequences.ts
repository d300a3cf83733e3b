// npm run bench -- sequences [--enrolments 10000] [--pg postgres://…] [--no-pglite]
// N enrolments × 3 email steps (a day apart) on an injected clock that runs with real time inside each day, against a
// local SMTP server. One JSON line per database: sent, duplicates, lost, to_suppressed, emails/s, p95 lateness.
import { parseFlags } from './args';
import { openDatabase, type Database } from '../packages/server/src/platform/db';
import { createTestApp } from '../packages/server/src/testing/harness';
import { startSmtp } from '../packages/server/src/testing/smtp';

const flags = parseFlags(process.argv.slice(2));
const n = flags.get('enrolments');
const N = Number(typeof n === 'string' ? n : 10_000);
const SUPPRESS_EVERY = 100;
const DAY = 86_400_000;

async function benchOne(db: 'pglite' | 'postgresql', database: Database) {
  const smtp = await startSmtp();
  // Monday 8 June 2026, 13:00 UTC = 09:00 in New York (the contacts' zone).
  const base = new Date('2026-06-08T13:00:00.000Z').getTime();
  const clock = { offset: base - Date.now(), now: () => new Date(Date.now() + clock.offset) };
  const t = await createTestApp({
    clock,
    env: { PIPEWISE_SECRET: 'bench-secret-0123456789abcdef', PIPEWISE_JOBS: 'off', SESSION_TTL_HOURS: '2000' },
    database: { ...database, dispose: () => database.close() },
  });
  const ws = await t.workspace(`Bench ${db}`);
  const as = ws.owner;
  const mb = await t.request('POST', '/api/v1/mail/mailboxes', as, {
    name: 'Bench',
    fromName: 'Bench',
    fromAddress: 'bench@shop.test',
    smtp: { host: '127.0.0.1', port: smtp.port, security: 'none' },
    dailyCap: 100_000,
    perMinute: 100_000,
  });
  await t.request('PUT', '/api/v1/mail/settings', as, { postalAddress: '1 Bench St', marketingOptIn: 'never' });
  // Three emails a day apart: the caps allow it here.
  await t.request('PUT', '/api/v1/sequences/settings', as, {
    timeZone: 'America/New_York',
    holidays: [],
    caps: { perDaysMax: 1, perDaysDays: 1, perWeek: 5 },
    quietDaysAfterReply: 3,
    approvalDefault: 'none',
  });
  const values = Array.from({ length: N }, (_, i) => `('${ws.id}', 'B${i}', 'b${i}@bench.test', 'US', 'granted')`);
  for (let i = 0; i < values.length; i += 2000)
    await database.query(
      `insert into contacts (workspace_id, first_name, email, country, consent_marketing_email) values ${values.slice(i, i + 2000).join(',')}`,
    );
  const ids = (
    (await database.query('select id from contacts where workspace_id = $1 order by first_name', [ws.id])).rows as {
      id: string;
    }[]
  ).map((r) => r.id);
  const email = (subject: string) => ({
    kind: 'email',
    email: {
      kind: 'marketing',
      variants: [
        {
          key: 'A',
          subject,
          bodyText: 'Hello {{ contact.first_name }}.\n{{ postal_address }} {{ unsubscribe_url }}',
          weight: 1,
        },
        {
          key: 'B',
          subject: `${subject}!`,
          bodyText: 'Hi {{ contact.first_name }}.\n{{ postal_address }} {{ unsubscribe_url }}',
          weight: 1,
        },
      ],
    },
  });
  const seq = await t.request('POST', '/api/v1/sequences', as, { name: 'Bench', mailboxId: mb.body.id });
  await t.request('PUT', `/api/v1/sequences/${seq.body.id}/steps`, as, {
    steps: [
      email('One'),
      { kind: 'wait', wait: { amount: 1, unit: 'days' } },
      email('Two'),
      { kind: 'wait', wait: { amount: 1, unit: 'days' } },
      email('Three'),
    ],
  });
  await t.request('PATCH', `/api/v1/sequences/${seq.body.id}`, as, { status: 'active', settings: { holdoutShare: 1 } });
  for (let i = 0; i < ids.length; i += 5000)
    await t.services.sequences.enrol(ws.actor, seq.body.id, { contactIds: ids.slice(i, i + 5000) });
  // 1% say no after enrolling: nothing more may reach them.
  const suppressed = new Set<string>();
  for (let i = 0; i < N; i += SUPPRESS_EVERY) {
    suppressed.add(`b${i}@bench.test`);
    await t.services.mail.suppressByHand(ws.actor, `b${i}@bench.test`);
  }

  let busyMs = 0;
  for (let day = 0; day < 3; day++) {
    // The next day: the clock jumps to the earliest due step (the waits count from when each step ran).
    const next = (
      (
        await database.query(
          `select min(next_at)::text as at from sequence_enrolments where workspace_id = $1 and status = 'active'`,
          [ws.id],
        )
      ).rows as { at: string | null }[]
    )[0]?.at;
    clock.offset = (day === 0 || !next ? base : new Date(next).getTime()) - Date.now();
    const started = Date.now();
    for (let round = 0; round < 50; round++) {
      const steps = await t.services.sequences.run();
      const mail = await t.services.mail.drain({ batch: 200 });
      if (steps.queued || mail.sent || mail.retried) continue;
      // Steps the caps or the window pushed a little later today: the clock moves on to them.
      const later = (
        (
          await database.query(
            `select min(next_at)::text as at from sequence_enrolments where workspace_id = $1 and status = 'active' and next_at < $2`,
            [ws.id, new Date(base + day * DAY + 8 * 3_600_000).toISOString()],
          )
        ).rows as { at: string | null }[]
      )[0]?.at;
      if (!later) break;
      clock.offset = Math.max(clock.now().getTime(), new Date(later).getTime()) - Date.now();
    }
    busyMs += Date.now() - started;
  }
  const received = smtp.received.map((r) => r.parsed.messageId);
  const duplicates = received.length - new Set(received).size;
  const toSuppressed = smtp.received.filter((r) => r.to.some((a) => suppressed.has(a))).length;
  const rows = (
    await database.query(
      `select extract(epoch from (o.sent_at - i.scheduled_for))::float as late from sequence_items i join mail_outbox o on o.id = i.outbox_id
        where i.workspace_id = $1 and o.state = 'sent'`,
      [ws.id],
    )
  ).rows as { late: number }[];
  const lateness = rows.map((r) => Math.max(0, r.late)).sort((a, b) => a - b);
  const expected = (N - suppressed.size) * 3;
  console.log(
    JSON.stringify({
      bench: 'sequences',
      db,
      enrolments: N,
      steps: 3,
      sent: rows.length,
      expected,
      duplicates,
      lost: expected - rows.length,
      to_suppressed: toSuppressed,
      emails_per_s: Math.round((rows.length / (busyMs / 1000)) * 10) / 10,
      p95_lateness_s: Math.round((lateness[Math.floor(lateness.length * 0.95)] ?? 0) * 10) / 10,
      note: 'machine shared with other builds; figures under load',
    }),
  );
  await smtp.stop();
  await t.dispose();
}

if (!flags.has('no-pglite')) {
  const database = await openDatabase({});
  await database.migrate();
  await benchOne('pglite', database);
}
const pgUrl = flags.get('pg');
if (typeof pgUrl === 'string') {
  const database = await openDatabase({ databaseUrl: pgUrl, poolSize: 5 });
  await database.migrate();
  await benchOne('postgresql', database);
}

// Send-time model replay on the demo's engagement history (synthetic: the demo generator gives each person a
// preferred hour and draws opens around it). Per contact: fit on what happened before a cut-off, predict the best hour,
// score it on the opens after the cut-off (hit: within ±1 h of the hour of day); baseline: always 10:00.
{
  const { generateDemo } = await import('../packages/server/src/modules/demo/generator');
  const { hourHistogram, posterior, bestHour, hourHit } = await import('../packages/ml/src/sendtime/index');
  const now = new Date('2026-06-01T00:00:00Z');
  const data = generateDemo('00000000-0000-0000-0000-000000000001', { seed: 7, contacts: 3000 }, now);
  const cut = now.getTime() - 60 * DAY;
  const engagementTypes = new Set(['email_opened', 'email_clicked', 'email_replied', 'web_visit']);
  const how = (d: Date) => ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours();
  const train = new Map<string, { hourOfWeek: number }[]>();
  const test = new Map<string, number[]>();
  for (const a of data.activities) {
    if (!a.contactId || !a.occurredAt) continue;
    const at = new Date(a.occurredAt as Date);
    if (at.getTime() < cut && at.getTime() >= cut - 90 * DAY && engagementTypes.has(a.type as string))
      (train.get(a.contactId) ?? train.set(a.contactId, []).get(a.contactId)!).push({ hourOfWeek: how(at) });
    else if (at.getTime() >= cut && a.type === 'email_opened')
      (test.get(a.contactId) ?? test.set(a.contactId, []).get(a.contactId)!).push(at.getUTCHours());
  }
  const workspace = hourHistogram([...train.values()].flat());
  // Hour of the day from the hour-of-week posterior (the same hour summed over the days).
  const hourOfDay = (p: Float64Array) => {
    const byHour = new Float64Array(24);
    p.forEach((v, k) => (byHour[k % 24]! += v));
    return bestHour(byHour as unknown as Float64Array, (k) => k < 24)!;
  };
  let n = 0;
  let modelHits = 0;
  let baselineHits = 0;
  for (const [contactId, opens] of test) {
    const p = posterior(hourHistogram(train.get(contactId) ?? []), null, workspace);
    const predicted = hourOfDay(p);
    for (const actual of opens) {
      n++;
      if (hourHit(predicted, actual) || Math.abs(predicted - actual) % 24 === 23) modelHits++;
      if (Math.abs(10 - actual) <= 1) baselineHits++;
    }
  }
  console.log(
    JSON.stringify({
      bench: 'sequences-sendtime',
      data: 'demo generator (synthetic), seed 7, 3000 contacts',
      test_opens: n,
      contacts: test.size,
      model_hit_rate: Math.round((modelHits / n) * 1000) / 1000,
      baseline_10h_hit_rate: Math.round((baselineHits / n) * 1000) / 1000,
    }),
  );
}
process.exit(0);
