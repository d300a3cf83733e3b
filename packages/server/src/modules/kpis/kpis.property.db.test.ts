import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';

/**
 * Every KPI the API shows, for every month of the series and every rep, source and segment of the breakdowns, equals
 * an independent SQL computation over the same random workspace (written from the definitions in docs/kpis.md, not
 * from the service's read model or its TypeScript).
 */
const NOW = Date.parse('2026-06-01T12:00:00.000Z'); // the harness's clock
const DAY = 86_400_000;

type Gen = {
  contacts: { daysAgo: number; customer: boolean; owner: number; source: string | null; segment: string | null }[];
  deals: {
    contact: number;
    owner: number;
    source: string | null;
    status: 'open' | 'won' | 'lost';
    amount: number | null;
    daysAgo: number;
    length: number;
  }[];
  orders: { contact: number; daysAgo: number; total: number; status: 'paid' | 'cancelled' | 'refunded' }[];
};

const gen: fc.Arbitrary<Gen> = fc.record({
  contacts: fc.array(
    fc.record({
      daysAgo: fc.integer({ min: 0, max: 700 }),
      customer: fc.boolean(),
      owner: fc.integer({ min: 0, max: 2 }),
      source: fc.constantFrom('web', 'fair', null),
      segment: fc.constantFrom('Champions', 'At risk', null),
    }),
    { minLength: 1, maxLength: 20 },
  ),
  deals: fc.array(
    fc.record({
      contact: fc.integer({ min: -1, max: 19 }),
      owner: fc.integer({ min: 0, max: 2 }),
      source: fc.constantFrom('referral', '', null),
      status: fc.constantFrom('open', 'won', 'lost'),
      amount: fc.option(
        fc.integer({ min: 1, max: 500_000 }).map((c) => c / 100),
        { nil: null },
      ),
      daysAgo: fc.integer({ min: 0, max: 500 }),
      length: fc.integer({ min: 0, max: 120 }),
    }),
    { maxLength: 25 },
  ),
  orders: fc.array(
    fc.record({
      contact: fc.integer({ min: -1, max: 19 }),
      daysAgo: fc.integer({ min: 0, max: 800 }),
      total: fc.integer({ min: 1, max: 200_000 }).map((c) => c / 100),
      status: fc.constantFrom('paid', 'paid', 'paid', 'cancelled', 'refunded'),
    }),
    { maxLength: 40 },
  ),
});

describe('KPIs against an independent SQL computation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.dispose());

  const q = async (text: string, params: unknown[]) => (await t.database.query(text, params)).rows[0] as any;

  /** The KPIs over [s, e) for the rows whose group expression equals `g` (or all rows), in SQL. */
  async function sqlKpis(ws: string, s: Date, e: Date, key: 'rep' | 'source' | 'segment' | null, g: string | null) {
    const base = `
      with cs as (
        select c.id, c.created_at, c.lifecycle_stage, u.name as rep, nullif(c.source, '') as source, m.segment_key as segment
        from contacts c left join users u on u.id = c.owner_id
        left join segment_memberships m on m.workspace_id = c.workspace_id and m.contact_id = c.id and m.kind = 'rfm' and m.left_at is null
        where c.workspace_id = $1),
      ds as (
        select d.status, d.amount, d.created_at, d.closed_at, u.name as rep,
          coalesce(nullif(d.source, ''), cs.source) as source, cs.segment
        from deals d left join users u on u.id = d.owner_id left join cs on cs.id = d.contact_id where d.workspace_id = $1),
      os as (
        select o.contact_id, o.ordered_at, o.total, cs.rep, cs.source, cs.segment
        from orders o left join cs on cs.id = o.contact_id
        where o.workspace_id = $1 and o.status not in ('cancelled', 'refunded'))`;
    const f = (alias: string) => (key ? `${alias}.${key} is not distinct from $4` : 'true');
    const p = key ? [ws, s, e, g] : [ws, s, e];
    const r = await q(
      `${base}
      select
        (select count(*) filter (where lifecycle_stage = 'customer')::float8 / nullif(count(*), 0) from cs x
          where created_at >= $2 and created_at < $3 and ${f('x')}) as conversion_rate,
        (select count(*) filter (where status = 'won')::float8 / nullif(count(*), 0) from ds x
          where status in ('won', 'lost') and closed_at >= $2 and closed_at < $3 and ${f('x')}) as win_rate,
        (select avg(amount)::float8 from ds x where status = 'won' and amount is not null and closed_at >= $2 and closed_at < $3 and ${f('x')}) as avg_deal_size,
        (select avg(extract(epoch from closed_at - created_at) / 86400)::float8 from ds x
          where status = 'won' and closed_at >= $2 and closed_at < $3 and ${f('x')}) as sales_cycle_days,
        (select count(*) from ds x where created_at < $3 and (closed_at is null or closed_at >= $3) and ${f('x')}) as open_deals,
        (select avg(total)::float8 from os x where ordered_at >= $2 and ordered_at < $3 and ${f('x')}) as avg_order_value,
        (select count(distinct contact_id) filter (where exists (select 1 from os p where p.contact_id = x.contact_id and p.ordered_at < x.ordered_at))::float8
            / nullif(count(distinct contact_id), 0)
          from os x where contact_id is not null and ordered_at >= $2 and ordered_at < $3 and ${f('x')}) as repeat_purchase_rate,
        (with last as (select contact_id, max(ordered_at) as at from os x where contact_id is not null and ordered_at < $2 and ${f('x')} group by contact_id),
              active as (select * from last where at >= $2::timestamptz - interval '180 days')
          select count(*) filter (where at < $3::timestamptz - interval '180 days'
              and not exists (select 1 from os o where o.contact_id = active.contact_id and o.ordered_at >= $2 and o.ordered_at < $3))::float8
            / nullif(count(*), 0) from active) as churn_rate`,
      p,
    );
    const velocity =
      r.win_rate !== null && r.avg_deal_size !== null && r.sales_cycle_days > 0
        ? (Number(r.open_deals) * r.win_rate * r.avg_deal_size) / r.sales_cycle_days
        : null;
    return { ...r, pipeline_velocity: velocity } as Record<string, number | null>;
  }

  const compared: Record<string, number> = {};
  const close = (api: number | null, expected: number | null, what: string) => {
    if (expected === null || api === null) return expect(api, what).toBe(expected);
    const metric = what.split(' ')[0]!;
    compared[metric] = (compared[metric] ?? 0) + 1;
    // The API rounds to 4 decimals.
    expect(Math.abs(api - expected), `${what}: ${api} vs ${expected}`).toBeLessThanOrEqual(
      5.1e-5 * Math.max(1, Math.abs(expected) / 1e4) + 1e-9,
    );
  };

  it('every metric, month and group', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(gen, async (g) => {
        const ws = await t.workspace(`Kpi ${++run}`);
        const reps = [null, (await ws.member('rep', 'Rita')).id, (await ws.member('rep', 'Raj')).id];
        const pipe = (await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline)).body;
        const stage = (kind: string) => pipe.stages.find((s: any) => s.kind === kind).id as string;
        const contactIds: string[] = [];
        for (const c of g.contacts) {
          const { rows } = await t.database.query(
            `insert into contacts (workspace_id, first_name, lifecycle_stage, owner_id, source, created_at, updated_at)
             values ($1, 'K', $2, $3, $4, $5, $5) returning id`,
            [ws.id, c.customer ? 'customer' : 'lead', reps[c.owner], c.source, new Date(NOW - c.daysAgo * DAY)],
          );
          contactIds.push(rows[0].id);
          if (c.segment)
            await t.database.query(
              `insert into segment_memberships (workspace_id, contact_id, kind, segment_key, entered_at) values ($1, $2, 'rfm', $3, now())`,
              [ws.id, rows[0].id, c.segment],
            );
        }
        const contactOf = (i: number) => (i < 0 ? null : (contactIds[i % contactIds.length] ?? null));
        for (const d of g.deals) {
          const created = NOW - d.daysAgo * DAY;
          const closed = d.status === 'open' ? null : new Date(Math.min(created + d.length * DAY, NOW));
          await t.database.query(
            `insert into deals (workspace_id, pipeline_id, stage_id, name, amount, status, closed_at, contact_id, owner_id, source, created_at, updated_at)
             values ($1, $2, $3, 'D', $4, $5, $6, $7, $8, $9, $10, $10)`,
            [
              ws.id,
              pipe.id,
              stage(d.status === 'open' ? 'open' : d.status),
              d.amount,
              d.status,
              closed,
              contactOf(d.contact),
              reps[d.owner],
              d.source,
              new Date(created),
            ],
          );
        }
        for (const o of g.orders)
          await t.database.query(
            `insert into orders (workspace_id, contact_id, ordered_at, status, total) values ($1, $2, $3, $4, $5)`,
            [ws.id, contactOf(o.contact), new Date(NOW - o.daysAgo * DAY), o.status, o.total],
          );

        const res = await t.request('GET', '/api/v1/kpis?months=12', ws.owner);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const from = new Date(res.body.from);
        const end = new Date(NOW + 1);
        for (const m of res.body.metrics) {
          for (const p of m.series) {
            const [y, mo] = p.period.split('-').map(Number);
            const s = new Date(Date.UTC(y, mo - 1, 1));
            const e = new Date(Math.min(Date.UTC(y, mo, 1), NOW + 1));
            close(p.value, (await sqlKpis(ws.id, s, e, null, null))[m.metric]!, `${m.metric} ${p.period}`);
          }
          for (const key of ['rep', 'source', 'segment'] as const)
            for (const grp of m.breakdowns[key])
              close(
                grp.value,
                (await sqlKpis(ws.id, from, end, key, grp.group))[m.metric]!,
                `${m.metric} by ${key} ${grp.group}`,
              );
        }
      }),
      { numRuns: 6, seed: 240 },
    );
    // The property compared real figures of every metric, not only empty months.
    expect(Object.keys(compared).sort()).toHaveLength(8);
    for (const n of Object.values(compared)) expect(n).toBeGreaterThan(3);
  }, 300_000);
});
