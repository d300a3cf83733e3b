import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { openTestDatabase, type TestDatabase } from '../../platform/test-db';
import { fixedClock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { contacts, deals, users, workspaces } from '../../platform/schema';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { createDemoService, demoPassword } from './demo.service';
import { generateDemo, type DemoData } from './generator';

const now = new Date('2026-06-01T12:00:00.000Z');
const wsA = '11111111-1111-4111-8111-111111111111';
const digest = (d: DemoData) => createHash('sha256').update(JSON.stringify(d)).digest('hex');
const countBy = <T>(xs: T[], key: (x: T) => string) =>
  xs.reduce((m, x) => m.set(key(x), (m.get(key(x)) ?? 0) + 1), new Map<string, number>());

describe('demo generator', () => {
  const data = generateDemo(wsA, { seed: 7 }, now);

  it('is a function of seed, options, workspace and now', () => {
    expect(digest(generateDemo(wsA, { seed: 7 }, now))).toBe(digest(data));
    const otherSeed = generateDemo(wsA, { seed: 8 }, now);
    expect(digest(otherSeed)).not.toBe(digest(data));
    expect(otherSeed.contacts.slice(0, 20).map((c) => c.email)).not.toEqual(
      data.contacts.slice(0, 20).map((c) => c.email),
    );
    // Another workspace: the same business, with its own primary keys.
    const otherWs = generateDemo('22222222-2222-4222-8222-222222222222', { seed: 7 }, now);
    expect(otherWs.contacts.map((c) => c.email)).toEqual(data.contacts.map((c) => c.email));
    expect(otherWs.contacts[0]!.id).not.toBe(data.contacts[0]!.id);
  });

  it('lands near the documented sizes', () => {
    expect(data.users.filter((u) => u.role === 'rep')).toHaveLength(5);
    expect(data.products).toHaveLength(40);
    expect(new Set(data.products.map((p) => p.category)).size).toBe(6);
    expect(data.companies).toHaveLength(300);
    expect(data.contacts).toHaveLength(3000);
    expect(data.deals.length).toBeGreaterThan(600);
    expect(data.deals.length).toBeLessThan(1000);
    expect(data.orders.length).toBeGreaterThan(4500);
    expect(data.orders.length).toBeLessThan(5500);
    expect(data.activities.length).toBeGreaterThan(28_000);
    expect(data.activities.length).toBeLessThan(32_000);
    const small = generateDemo(wsA, { seed: 7, contacts: 500 }, now);
    expect(small.companies).toHaveLength(50);
    expect(small.activities.length).toBeLessThanOrEqual(5_500);
  });

  it('is referentially sound', () => {
    const stageById = new Map(data.pipelineStages.map((s) => [s.id, s]));
    for (const d of data.deals) {
      const stage = stageById.get(d.stageId)!;
      expect(stage.pipelineId).toBe(d.pipelineId);
      expect(d.status).toBe(stage.kind);
      if (d.status !== 'open') expect(d.closedAt).toBeInstanceOf(Date);
    }
    const cents = new Map<string, number>();
    for (const l of data.orderLines) cents.set(l.orderId, (cents.get(l.orderId) ?? 0) + Math.round(l.amount * 100));
    for (const o of data.orders) expect(cents.get(o.id)).toBe(Math.round(o.total! * 100));
    expect(cents.size).toBe(data.orders.length);

    const contactIds = new Set(data.contacts.map((c) => c.id));
    expect(data.activities.every((a) => contactIds.has(a.contactId!) && a.occurredAt.getTime() <= now.getTime())).toBe(
      true,
    );
    expect(data.orders.every((o) => contactIds.has(o.contactId!) && o.orderedAt.getTime() <= now.getTime())).toBe(true);
    // Activities keep their own dates: none sits at the very moment of generation, and the newest ones are spread
    // out, not stacked at one instant ("5 seconds ago" for the whole recent-activity card).
    expect(data.activities.filter((a) => a.occurredAt.getTime() === now.getTime())).toHaveLength(0);
    const newest = data.activities
      .map((a) => a.occurredAt.getTime())
      .sort((a, b) => b - a)
      .slice(0, 20);
    expect(new Set(newest).size).toBeGreaterThanOrEqual(15);
    expect(newest[0]! - newest[19]!).toBeGreaterThan(10 * 60_000);
    const emails = data.contacts.flatMap((c) => (c.email ? [c.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
    expect(data.contacts.every((c) => c.phone === null || /^\+[1-9]\d{7,14}$/.test(c.phone!))).toBe(true);
    for (const c of data.contacts)
      expect(c.lifecycleStage === 'customer' || c.lifecycleStage === 'churned').toBe(c.becameCustomerAt !== null);
    // Nobody who refused is mailed.
    const refused = new Set(
      data.contacts.filter((c) => c.doNotContact || c.consentMarketingEmail === 'denied').map((c) => c.id),
    );
    expect(data.activities.some((a) => a.type === 'email_sent' && refused.has(a.contactId!))).toBe(false);
    const dnc = new Set(data.contacts.filter((c) => c.doNotContact).map((c) => c.id));
    expect(data.activities.some((a) => (a.type === 'call' || a.type === 'meeting') && dnc.has(a.contactId!))).toBe(
      false,
    );
  });

  it('plants the signal: engagement and fit predict conversion, hours and seasons show', () => {
    const engaged = countBy(
      data.activities.filter((a) => ['email_opened', 'email_clicked', 'web_visit', 'form_fill'].includes(a.type)),
      (a) => a.contactId!,
    );
    const ranked = data.contacts
      .map((c) => ({ e: engaged.get(c.id) ?? 0, converted: c.becameCustomerAt !== null }))
      .sort((a, b) => a.e - b.e);
    const q = Math.floor(ranked.length / 4);
    const rate = (xs: typeof ranked) => xs.filter((x) => x.converted).length / xs.length;
    expect(rate(ranked.slice(-q))).toBeGreaterThan(2 * rate(ranked.slice(0, q)));

    const b2b = data.truth.filter((t) => t.b2b).sort((a, b) => a.fit - b.fit);
    const third = Math.floor(b2b.length / 3);
    const conv = (xs: typeof b2b) => xs.filter((x) => x.converted).length / xs.length;
    expect(conv(b2b.slice(-third))).toBeGreaterThan(conv(b2b.slice(0, third)));

    const hourOf = new Map(data.truth.map((t) => [t.contactId, t.preferredHour]));
    const opens = data.activities.filter((a) => a.type === 'email_opened');
    const gap =
      opens.reduce((s, a) => {
        const d = Math.abs(a.occurredAt.getUTCHours() + a.occurredAt.getUTCMinutes() / 60 - hourOf.get(a.contactId!)!);
        return s + Math.min(d, 24 - d);
      }, 0) / opens.length;
    expect(gap).toBeLessThan(1.5);

    const byMonth = countBy(data.orders, (o) => String(o.orderedAt.getUTCMonth()));
    const m = (i: number) => byMonth.get(String(i)) ?? 0;
    expect(m(10) + m(11)).toBeGreaterThan(m(6) + m(7));

    const perBuyer = [...countBy(data.orders, (o) => o.contactId!).values()];
    expect(perBuyer.filter((n) => n === 1).length).toBeGreaterThan(20);
    expect(perBuyer.filter((n) => n >= 10).length).toBeGreaterThan(20);
  });
});

describe('demo loader', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const newWorkspace = async (name: string) =>
    (await database.db.insert(workspaces).values({ name }).returning())[0]!.id;

  it('loads every table, reports progress, and refuses a workspace that has contacts', async () => {
    const demo = createDemoService({
      db: database.db,
      clock: fixedClock(now.toISOString()),
      hashPassword: (p) => hashPassword(p, 1024),
    });
    const ws = await newWorkspace('Demo');
    const fractions: number[] = [];
    const result = await demo.load(ws, { seed: 3, contacts: 300 }, (f) => void fractions.push(f));
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(result.counts.contacts).toBe(300);
    expect(result.users.filter((u) => u.created)).toHaveLength(6);

    const count = async (table: string) =>
      Number((await database.query(`SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = $1`, [ws])).rows[0].n);
    for (const [table, n] of [
      ['contacts', 300],
      ['companies', 30],
      ['deals', result.counts.deals],
      ['orders', result.counts.orders],
      ['order_lines', result.counts.orderLines],
      ['activities', result.counts.activities],
      ['deal_stage_history', result.counts.dealStageHistory],
    ] as const) {
      expect(await count(table)).toBe(n);
    }
    const badStages = await database.query(
      `SELECT count(*)::int AS n FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.workspace_id = $1 AND s.pipeline_id <> d.pipeline_id`,
      [ws],
    );
    expect(badStages.rows[0].n).toBe(0);
    const badTotals = await database.query(
      `SELECT count(*)::int AS n FROM orders o WHERE o.workspace_id = $1 AND o.total <> (SELECT sum(amount) FROM order_lines l WHERE l.order_id = o.id)`,
      [ws],
    );
    expect(badTotals.rows[0].n).toBe(0);
    const loaded = await database.db.select().from(contacts).where(eq(contacts.workspaceId, ws));
    expect(loaded.some((c) => c.tags.length > 0 && c.lifecycleStage === 'customer')).toBe(true);
    const won = await database.db
      .select()
      .from(deals)
      .where(and(eq(deals.workspaceId, ws), eq(deals.status, 'won')));
    expect(won.every((d) => d.closedAt !== null && d.ownerId !== null)).toBe(true);

    const rep = (await database.db.select().from(users).where(eq(users.email, 'ana.rep@demo.pipewise.local')))[0]!;
    expect(rep.workspaceId).toBe(ws);
    expect(await verifyPassword(demoPassword, rep.passwordHash)).toBe(true);

    const again = await demo.load(ws, { seed: 3, contacts: 300 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(AppError);
    expect((again as AppError).code).toBe('conflict');
    expect(await count('contacts')).toBe(300);
  });

  it('loads the same seed into a second workspace with its own ids and sign-ins', async () => {
    const demo = createDemoService({
      db: database.db,
      clock: fixedClock(now.toISOString()),
      hashPassword: (p) => hashPassword(p, 1024),
    });
    const ws = await newWorkspace('Second demo');
    const result = await demo.load(ws, { seed: 3, contacts: 100 });
    expect(result.counts.contacts).toBe(100);
    expect(result.users.every((u) => u.created && u.email.includes(`+${ws.slice(0, 8)}@`))).toBe(true);
    const owners = await database.query(
      `SELECT count(*)::int AS n FROM contacts c JOIN users u ON u.id = c.owner_id WHERE c.workspace_id = $1 AND u.workspace_id <> $1`,
      [ws],
    );
    expect(owners.rows[0].n).toBe(0);
    const total = await database.db.execute(sql`SELECT count(*)::int AS n FROM contacts`);
    expect(total).toBeDefined();
  });
});
