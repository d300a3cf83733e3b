import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, testPipeline, type TestApp } from './harness';

/**
 * Property: on a random (seeded) workspace, the figures the product shows — dashboard KPI cards and revenue by month
 * (`/api/v1/stats`), the deal board's column totals, the segments' revenue — equal the same figures computed here
 * independently, in plain TypeScript from the generated records (not with the product's SQL).
 */
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;

describe('figures shown equal an independent computation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(); // fixed clock: NOW
  });
  afterAll(() => t.dispose());

  // A followed won deal gets its order: same contact, same amount, three days after the close.
  const dealArb = fc.record({
    stage: fc.nat(3),
    amount: fc.integer({ min: 0, max: 5000 }),
    contact: fc.option(fc.nat(5), { nil: null }),
    closedDaysAgo: fc.integer({ min: 1, max: 90 }),
    followed: fc.boolean(),
  });
  const orderArb = fc.record({
    contact: fc.option(fc.nat(5), { nil: null }),
    daysAgo: fc.integer({ min: 0, max: 400 }),
    total: fc.integer({ min: -50, max: 2000 }),
    status: fc.constantFrom('paid', 'paid', 'fulfilled', 'cancelled', 'refunded'),
  });
  const scenario = fc.record({
    contacts: fc.integer({ min: 1, max: 6 }),
    deals: fc.array(dealArb, { minLength: 8, maxLength: 14 }),
    orders: fc.array(orderArb, { minLength: 3, maxLength: 20 }),
  });

  it('for generated deals and orders', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const ws = await t.workspace();
        const pipeline = (await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline)).body;
        const contacts: string[] = [];
        for (let i = 0; i < s.contacts; i++)
          contacts.push((await t.services.contacts.create(ws.actor, { firstName: `C${i}` })).id as string);
        const contactOf = (k: number | null) => (k === null ? null : contacts[k % contacts.length]!);
        const deals = [];
        for (const d of s.deals) {
          const stage = pipeline.stages[d.stage];
          const created = await t.services.deals.create(ws.actor, {
            name: 'D',
            stageId: stage.id,
            amount: d.amount,
            contactId: contactOf(d.contact) ?? undefined,
          });
          const closedAt = stage.kind === 'open' ? null : new Date(NOW - d.closedDaysAgo * DAY);
          if (closedAt)
            await t.database.query('update deals set closed_at = $1 where id = $2', [
              closedAt.toISOString(),
              created.id,
            ]);
          deals.push({
            stageId: stage.id as string,
            kind: stage.kind as string,
            amount: d.amount,
            contactId: contactOf(d.contact),
            closedAt,
            followed: d.followed,
          });
        }
        const orders = s.orders.map((o) => ({
          contactId: contactOf(o.contact),
          at: NOW - o.daysAgo * DAY,
          total: o.total,
          status: o.status,
        }));
        for (const d of deals) {
          if (d.followed && d.kind === 'won' && d.contactId && d.closedAt)
            orders.push({
              contactId: d.contactId,
              at: d.closedAt.getTime() + 3 * DAY,
              total: d.amount,
              status: 'paid',
            });
        }
        for (const o of orders) {
          await t.database.query(
            'insert into orders (workspace_id, contact_id, ordered_at, status, total) values ($1, $2, $3, $4, $5)',
            [ws.id, o.contactId, new Date(o.at).toISOString(), o.status, o.total],
          );
        }

        // Dashboard KPI cards and revenue by month.
        const paid = (o: (typeof orders)[number]) => o.status !== 'cancelled' && o.status !== 'refunded';
        const stats = (await t.request('GET', '/api/v1/stats', ws.owner)).body;
        const open = deals.filter((d) => d.kind === 'open');
        const recentWon = deals.filter((d) => d.kind === 'won' && d.closedAt!.getTime() >= NOW - 30 * DAY);
        expect(stats.openDeals).toBe(open.length);
        expect(stats.openPipelineValue).toBeCloseTo(
          open.reduce((a, d) => a + d.amount, 0),
          2,
        );
        expect(stats.wonLast30).toBe(recentWon.length);
        expect(stats.wonValueLast30).toBeCloseTo(
          recentWon.reduce((a, d) => a + d.amount, 0),
          2,
        );
        expect(stats.ordersLast30).toBe(orders.filter((o) => o.at >= NOW - 30 * DAY).length);
        expect(stats.revenueLast30).toBeCloseTo(
          orders.filter((o) => paid(o) && o.at >= NOW - 30 * DAY).reduce((a, o) => a + o.total, 0),
          2,
        );
        const byMonth = new Map<string, number>();
        for (const o of orders)
          if (paid(o) && o.at >= NOW - 365 * DAY)
            byMonth.set(
              new Date(o.at).toISOString().slice(0, 7),
              (byMonth.get(new Date(o.at).toISOString().slice(0, 7)) ?? 0) + o.total,
            );
        expect(Object.fromEntries(stats.revenueByMonth.map((r: any) => [r.month, r.revenue]))).toEqual(
          Object.fromEntries([...byMonth].sort()),
        );
        for (const r of stats.revenueByMonth) expect(r.partial).toBe(r.month === '2026-06');

        // Board totals, per stage.
        const totals = (await t.request('GET', `/api/v1/pipelines/${pipeline.id}/totals`, ws.owner)).body.data;
        for (const st of pipeline.stages) {
          const mine = deals.filter((d) => d.stageId === st.id);
          expect(totals.find((x: any) => x.stageId === st.id)).toMatchObject({
            deals: mine.length,
            amount: mine.reduce((a, d) => a + d.amount, 0),
          });
        }

        // Segment revenue: each customer's net spend, a won deal counted once when its order is there.
        await t.services.runner.runNow('segments.compute', {}, ws.id);
        const run = (await t.request('GET', '/api/v1/segments', ws.owner)).body.run;
        const lines = new Map<string, number[]>();
        const add = (c: string, v: number) => v !== 0 && (lines.get(c) ?? lines.set(c, []).get(c)!).push(v);
        for (const o of orders) if (o.contactId && paid(o)) add(o.contactId, o.total);
        for (const d of deals) {
          if (d.kind !== 'won' || !d.contactId) continue;
          const close = d.closedAt!.getTime();
          const hasOrder = orders.some(
            (o) =>
              o.contactId === d.contactId &&
              paid(o) &&
              o.at >= close - 7 * DAY &&
              o.at <= close + 30 * DAY &&
              Math.abs(o.total - d.amount) <= 0.01 * Math.max(Math.abs(d.amount), 1),
          );
          if (!hasOrder) add(d.contactId, d.amount);
        }
        const customers = [...lines.values()].filter((l) => l.some((v) => v > 0));
        expect(run.customers).toBe(customers.length);
        expect(run.summary.revenue).toBeCloseTo(
          customers.reduce((a, l) => a + l.reduce((x, y) => x + y, 0), 0),
          2,
        );
      }),
      { numRuns: 8, seed: 20261206 },
    );
  });
});
