import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';

type Ws = Awaited<ReturnType<TestApp['workspace']>>;

/** Monthly revenue with growth and a Q4 bump; month i of 2024-01 .. 2026-05, plus a partial June 2026. */
const monthly = (i: number) => Math.round(1000 + 20 * i + ([9, 10, 11].includes(i % 12) ? 400 : 0));

describe('forecasting API', () => {
  let t: TestApp;
  let ws: Ws;
  let empty: Ws;
  let rep: { token: string; id: string; email: string };
  let clockNow = new Date('2026-06-10T12:00:00.000Z');
  const ids: Record<string, string> = {};
  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const bad = (r: { status: number; body: any }, field: string) => {
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(
      r.body.error.details.field === field || r.body.error.details.field === `query.${field}`,
      JSON.stringify(r.body),
    ).toBe(true);
  };

  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => clockNow } });
    ws = await t.workspace('Forecasts');
    empty = await t.workspace('Empty');
    rep = await ws.member('rep');
    const as = ws.owner;
    ids.widget = ok(
      await t.request('POST', '/api/v1/products', as, { name: 'Widget', sku: 'W', price: 10, category: 'Hardware' }),
      201,
    ).id;
    ids.gadget = ok(
      await t.request('POST', '/api/v1/products', as, { name: 'Gadget', sku: 'G', price: 5, category: 'Toys' }),
      201,
    ).id;
    const db = t.database.db;
    // One order per month with a widget line; a gadget line only in odd months (so the gadget series has zero months).
    for (let i = 0; i < 30; i++) {
      const at = new Date(Date.UTC(2024, i, 15));
      const total = monthly(i);
      const gadget = i % 2 === 1 ? 50 : 0;
      const order = (
        (await db.execute(
          sql`insert into orders (workspace_id, ordered_at, status, total) values (${ws.id}, ${at}, 'paid', ${total + gadget}) returning id`,
        )) as any
      ).rows[0].id;
      await db.execute(
        sql`insert into order_lines (workspace_id, order_id, product_id, quantity, unit_price, amount) values (${ws.id}, ${order}, ${ids.widget}, ${total / 10}, 10, ${total})`,
      );
      if (gadget)
        await db.execute(
          sql`insert into order_lines (workspace_id, order_id, product_id, quantity, unit_price, amount) values (${ws.id}, ${order}, ${ids.gadget}, 10, 5, 50)`,
        );
    }
    // Never counted: a cancelled and a refunded order.
    await db.execute(
      sql`insert into orders (workspace_id, ordered_at, status, total) values (${ws.id}, ${new Date('2025-03-03')}, 'cancelled', 99999), (${ws.id}, ${new Date('2025-04-03')}, 'refunded', 88888)`,
    );
    const pipeline = ok(await t.request('POST', '/api/v1/pipelines', as, testPipeline), 201);
    const [qualified, proposal, won] = pipeline.stages;
    ids.qualified = qualified.id;
    const deal = async (
      name: string,
      stageId: string,
      amount: number,
      close: string | null,
      ownerId: string | null,
      extra: Record<string, unknown> = {},
    ) =>
      ok(
        await t.request('POST', '/api/v1/deals', as, {
          name,
          stageId,
          amount,
          expectedCloseDate: close,
          ownerId,
          ...extra,
        }),
        201,
      ).id;
    ids.big = await deal('Big', proposal.id, 10_000, '2026-07-10', rep.id);
    ids.small = await deal('Small', qualified.id, 2_000, '2026-06-20', null);
    ids.overdue = await deal('Overdue', qualified.id, 1_000, '2026-05-01', null);
    ids.nodate = await deal('No date', proposal.id, 3_000, null, null);
    ids.far = await deal('Far', proposal.id, 50_000, '2027-03-01', null);
    // Won deals in the past for the deals series (one of them the rep's).
    ids.wonA = await deal('Won A', won.id, 4_000, '2026-03-01', rep.id);
    ids.wonB = await deal('Won B', won.id, 6_000, '2026-04-01', null);
    await db.execute(sql`update deals set closed_at = '2026-03-05' where id = ${ids.wonA}`);
    await db.execute(sql`update deals set closed_at = '2026-04-05' where id = ${ids.wonB}`);
  });
  afterAll(() => t.dispose());

  it('forecasts monthly revenue: history to last month, June shown as partial, forecast from June with ordered ranges, stored', async () => {
    const r = ok(await t.request('GET', '/api/v1/forecasts/series?metric=revenue&by=month&horizon=6', ws.owner));
    expect(r.history).toHaveLength(29);
    expect(r.history[0]).toEqual({ period: '2024-01-01', value: monthly(0) });
    expect(r.history.at(-1)).toEqual({ period: '2026-05-01', value: monthly(28) + 0 });
    expect(r.history.reduce((s: number, h: any) => s + h.value, 0)).toBe(
      Array.from({ length: 29 }, (_, i) => monthly(i) + (i % 2 ? 50 : 0)).reduce((a, b) => a + b, 0),
    );
    expect(r.current).toEqual({ period: '2026-06-01', value: monthly(29) + 50, partial: true });
    expect(r.forecast.map((p: any) => p.period)).toEqual([
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
      '2026-11-01',
    ]);
    for (const p of r.forecast)
      expect(p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95).toBe(true);
    expect(r.method).toBeTruthy();
    expect(r.notes.join(' ')).toMatch(/current month/);
    const stored = ok(await t.request('GET', `/api/v1/forecasts/runs/${r.runId}`, ws.owner));
    expect(stored).toMatchObject({
      kind: 'series',
      metric: 'revenue',
      grain: 'month',
      horizon: 6,
      trainedThrough: '2026-05-01',
      method: r.method,
    });
    expect(stored.points).toHaveLength(6);
    // The same forecast shown again replaces the stored one rather than piling up.
    ok(await t.request('GET', '/api/v1/forecasts/series?metric=revenue&by=month&horizon=6', ws.owner));
    const runs = ok(await t.request('GET', '/api/v1/forecasts/accuracy?kind=series', ws.owner)).data.filter(
      (x: any) => x.metric === 'revenue' && x.grain === 'month' && x.scope.type === 'all',
    );
    expect(runs).toHaveLength(1);
    // Another workspace cannot read it.
    expect((await t.request('GET', `/api/v1/forecasts/runs/${r.runId}`, empty.owner)).status).toBe(404);
  });

  it('scopes to a product (zero months filled), a category (units) and a rep (won deals only their own)', async () => {
    const g = ok(
      await t.request(
        'GET',
        `/api/v1/forecasts/series?metric=revenue&by=month&horizon=3&product=${ids.gadget}`,
        ws.owner,
      ),
    );
    expect(g.scope).toMatchObject({ type: 'product', label: 'Gadget' });
    expect(g.history[0]).toEqual({ period: '2024-02-01', value: 50 });
    expect(g.history.filter((h: any) => h.value === 0).length).toBeGreaterThan(10);
    expect(g.notes.join(' ')).toMatch(/counted as 0/);
    const units = ok(
      await t.request('GET', '/api/v1/forecasts/series?metric=units&by=quarter&horizon=2&category=Hardware', ws.owner),
    );
    expect(units.history[0]).toEqual({ period: '2024-01-01', value: (monthly(0) + monthly(1) + monthly(2)) / 10 });
    const orders = ok(await t.request('GET', '/api/v1/forecasts/series?metric=orders&by=week&horizon=4', ws.owner));
    expect(orders.history.reduce((s: number, h: any) => s + h.value, 0)).toBe(29);
    const repDeals = ok(
      await t.request(
        'GET',
        `/api/v1/forecasts/series?source=deals&metric=revenue&by=month&horizon=2&rep=${encodeURIComponent(rep.email)}`,
        ws.owner,
      ),
    );
    expect(repDeals.history).toEqual([
      { period: '2026-03-01', value: 4000 },
      { period: '2026-04-01', value: 0 },
      { period: '2026-05-01', value: 0 },
    ]);
    // A rep asking for all won deals gets their own only.
    const mine = ok(
      await t.request('GET', '/api/v1/forecasts/series?source=deals&metric=revenue&by=month&horizon=2', rep),
    );
    expect(mine.history.reduce((s: number, h: any) => s + h.value, 0)).toBe(4000);
    const all = ok(
      await t.request('GET', '/api/v1/forecasts/series?source=deals&metric=orders&by=month&horizon=2', ws.owner),
    );
    expect(all.history.reduce((s: number, h: any) => s + h.value, 0)).toBe(2);
  });

  it('answers bad input with a 400 naming the parameter', async () => {
    bad(await t.request('GET', '/api/v1/forecasts/series?horizon=0', ws.owner), 'horizon');
    bad(await t.request('GET', '/api/v1/forecasts/series?horizon=10000', ws.owner), 'horizon');
    bad(await t.request('GET', '/api/v1/forecasts/series?horizon=abc', ws.owner), 'horizon');
    bad(await t.request('GET', '/api/v1/forecasts/series?by=year', ws.owner), 'by');
    bad(await t.request('GET', '/api/v1/forecasts/series?metric=profit', ws.owner), 'metric');
    bad(await t.request('GET', '/api/v1/forecasts/series?source=deals&metric=units', ws.owner), 'metric');
    bad(await t.request('GET', `/api/v1/forecasts/series?source=deals&product=${ids.widget}`, ws.owner), 'product');
    bad(
      await t.request('GET', '/api/v1/forecasts/series?product=00000000-0000-0000-0000-000000000000', ws.owner),
      'product',
    );
    bad(await t.request('GET', `/api/v1/forecasts/series?product=${ids.widget}&category=Toys`, ws.owner), 'category');
    bad(await t.request('GET', '/api/v1/forecasts/series?category=Nothing', ws.owner), 'category');
    bad(await t.request('GET', '/api/v1/forecasts/series?rep=nobody@x.test', ws.owner), 'rep');
    bad(await t.request('GET', '/api/v1/forecasts/pipeline?months=0', ws.owner), 'months');
    bad(await t.request('POST', '/api/v1/forecasts/csv', ws.owner, { csv: 'a,b\nx,y\n' }), 'date');
    expect((await t.request('GET', '/api/v1/forecasts/series')).status).toBe(401);
  });

  it('an empty workspace: no forecast and a plain explanation, an empty pipeline', async () => {
    const r = ok(await t.request('GET', '/api/v1/forecasts/series?metric=revenue&by=month&horizon=6', empty.owner));
    expect(r).toMatchObject({ runId: null, forecast: [], method: 'none', history: [] });
    expect(r.reason).toMatch(/nothing to forecast/);
    const p = ok(await t.request('GET', '/api/v1/forecasts/pipeline', empty.owner));
    expect([p.commit, p.mostLikely, p.bestCase]).toEqual([0, 0, 0]);
    const q = ok(await t.request('GET', '/api/v1/forecasts/quarter', empty.owner));
    expect(q).toMatchObject({
      booked: 0,
      runRate: { mean: 0, runId: null },
      total: { mostLikely: 0, withPipeline: 0 },
    });
  });

  it('pipeline: stage probabilities, or the active deal model where it scored; overdue/missing/later dates; deals by contribution', async () => {
    const p = ok(await t.request('GET', '/api/v1/forecasts/pipeline?months=3', ws.owner));
    expect(p.counts).toMatchObject({ open: 5, overdue: 1, noCloseDate: 1, afterWindow: 1, scored: 0 });
    expect(p.mostLikely).toBeCloseTo(0.5 * 10_000 + 0.2 * 2_000 + 0.2 * 1_000 + 0.5 * 3_000);
    expect(p.bestCase).toBe(16_000);
    expect(p.commit).toBeLessThanOrEqual(p.mostLikely);
    expect(p.deals[0].id).toBe(ids.big);
    expect(p.notes[0]).toMatch(/stages' default probabilities/);
    const model = (
      (await t.database.query(
        `insert into scoring_models (workspace_id, target, version, state, family, snapshot, features, params, report, card, model, ready, trained_at, trained_by)
       values ($1, 'deal_won', 1, 'active', 'test', '{}', '[]', '{}', '{}', '{}', '{}', true, now(), 'test') returning id`,
        [ws.id],
      )) as any
    ).rows[0];
    await t.database.query(
      `insert into scoring_scores (workspace_id, entity, entity_id, model_id, model_version, probability, tier, factors, scored_at) values ($1, 'deal', $2, $3, 1, 0.9, 'A', '{"positive":[],"negative":[]}', now())`,
      [ws.id, ids.small, model.id],
    );
    const scored = ok(await t.request('GET', '/api/v1/forecasts/pipeline?months=3', ws.owner));
    expect(scored.counts.scored).toBe(1);
    expect(scored.deals.find((d: any) => d.id === ids.small)).toMatchObject({
      probability: 0.9,
      probabilitySource: 'score',
    });
    // Reps see only their own deals.
    const mine = ok(await t.request('GET', '/api/v1/forecasts/pipeline?months=3', rep));
    expect(mine.deals.map((d: any) => d.id)).toEqual([ids.big]);
    // ...and only their own stored pipeline forecasts.
    const runs = ok(await t.request('GET', '/api/v1/forecasts/accuracy?kind=pipeline', rep)).data;
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r: any) => r.scope.type === 'rep' && r.scope.id === rep.id)).toBe(true);
    expect((await t.request('GET', `/api/v1/forecasts/runs/${scored.runId}`, rep)).status).toBe(404);
    expect((await t.request('GET', `/api/v1/forecasts/runs/${mine.runId}`, rep)).status).toBe(200);
  });

  it('quarter view adds booked, run-rate and pipeline', async () => {
    const q = ok(await t.request('GET', '/api/v1/forecasts/quarter', ws.owner));
    expect(q.quarter).toMatchObject({ from: '2026-04-01', to: '2026-06-30', label: 'Q2 2026' });
    // The June order is dated the 15th, after 'now' (June 10th): not booked yet.
    expect(q.booked).toBe(monthly(27) + 50 + monthly(28));
    expect(q.total.withPipeline).toBeCloseTo(q.booked + q.runRate.mean + q.pipeline.mostLikely, 1);
    expect(q.runRate.lo80).toBeLessThanOrEqual(q.runRate.hi80);
  });

  it('fills in actuals when the periods are over and computes MAPE, MASE and bias; the nightly job does it too', async () => {
    const r = ok(await t.request('GET', '/api/v1/forecasts/series?metric=revenue&by=month&horizon=3', ws.owner));
    // July happens: an order; then it is August 2nd.
    await t.database.db.execute(
      sql`insert into orders (workspace_id, ordered_at, status, total) values (${ws.id}, '2026-07-10', 'paid', 2000)`,
    );
    clockNow = new Date('2026-08-02T09:00:00.000Z');
    try {
      // Sessions expire with the clock: from here on the service is called as the owner directly.
      const acc = await t.services.forecasting.accuracy(ws.actor, { kind: 'series', limit: 50 });
      const run: any = acc.data.find((x) => x.id === r.runId);
      const june = monthly(29) + 50;
      expect(run.points.map((p: any) => p.actual)).toEqual([june, 2000, null]);
      const f = r.forecast;
      const mape = ((Math.abs(june - f[0].mean) / june + Math.abs(2000 - f[1].mean) / 2000) / 2) * 100;
      expect(run.accuracy.mape).toBeCloseTo(mape, 0);
      expect(run.accuracy.bias).toBeCloseTo((f[0].mean - june + f[1].mean - 2000) / 2, 0);
      expect(run.accuracy.periods).toBe(2);
      expect(run.accuracy.mase).toBeGreaterThan(0);
      // Pipeline runs are checked against the deals they counted: Big won in July.
      await t.database.db.execute(sql`update deals set status = 'won', closed_at = '2026-07-12' where id = ${ids.big}`);
      const job = await t.services.runner.runNow('forecasting.nightly', {}, ws.id);
      expect(job).toMatchObject({ workspaces: [{ workspaceId: ws.id }] });
      const pipes = (await t.services.forecasting.accuracy(ws.actor, { kind: 'pipeline', limit: 50 })).data;
      const june10: any = pipes.find(
        (x) => x.trainedThrough === '2026-06-10' && x.scope.type === 'all' && x.horizon === 3,
      );
      expect(june10.points.find((p: any) => p.period === '2026-07-01').actual).toBe(10_000);
      expect(pipes.some((x) => x.trainedThrough === '2026-08-02')).toBe(true);
      // The nightly backtest stored what would have been forecast at the start of recent months, with accuracy.
      const backtests = (await t.services.forecasting.accuracy(ws.actor, { kind: 'series', limit: 50 })).data.filter(
        (x) => x.requestedBy === 'backtest',
      );
      expect(backtests.map((x) => x.trainedThrough)).toEqual([
        '2026-06-01',
        '2026-04-01',
        '2026-03-01',
        '2026-02-01',
        '2026-01-01',
      ]);
      for (const b of backtests) expect(b.accuracy?.periods).toBeGreaterThan(0);
    } finally {
      clockNow = new Date('2026-06-10T12:00:00.000Z');
    }
  });

  it('forecasts a posted CSV without storing it', async () => {
    const csv = 'date,amount\n2025-01-05,10\n2025-01-03,5\n2025-02-10,7\n2025-03-01,9\n2025-03-01,1\n2025-04-12,12\n';
    const r = ok(await t.request('POST', '/api/v1/forecasts/csv', ws.owner, { csv, by: 'month', horizon: 2 }));
    // Rows about a month apart: the April row is taken as April's whole value (the file does not stop partway through it).
    expect(r.history.map((h: any) => h.value)).toEqual([15, 7, 10, 12]);
    expect(r.current).toBeNull();
    expect(r.forecast).toHaveLength(2);
    expect(r.warnings.join(' ')).toMatch(/sorted/);
  });
});
