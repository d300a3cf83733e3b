import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import type { Clock } from '../../platform/clock';

/** A clock the test moves forward, so a second run can see customers change segment. */
const movableClock = (iso: string) => {
  let now = new Date(iso);
  const clock: Clock = { now: () => now };
  return { clock, set: (v: string) => (now = new Date(v)) };
};

describe('segments: RFM runs, clusters, members, moves and rule segments', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  const time = movableClock('2026-06-01T12:00:00Z');
  const contacts: string[] = [];
  let product: any;

  const ok = (r: { status: number; body: any }) => {
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  };
  // Orders go straight into the table (the orders API is tested elsewhere): many of them, quickly.
  const order = (contactId: string, daysAgo: number, amount: number, status = 'paid') =>
    t.database.query(
      `insert into orders (workspace_id, contact_id, ordered_at, status, total) values ($1, $2, $3, $4, $5)`,
      [
        ws.id,
        contactId,
        new Date(Date.parse('2026-06-01T12:00:00Z') - daysAgo * 86_400_000).toISOString(),
        status,
        amount,
      ],
    );
  const run = (options: Record<string, unknown> = {}) =>
    t.services.runner.runNow('segments.compute', options, ws.id) as Promise<any>;

  beforeAll(async () => {
    t = await createTestApp({ clock: time.clock });
    ws = await t.workspace('Segments');
    product = ok(await t.request('POST', '/api/v1/products', ws.owner, { name: 'Beans', sku: 'B-1', price: 20 }));
    ok(
      await t.request('POST', '/api/v1/orders', ws.owner, {
        orderedAt: '2026-05-01T00:00:00Z',
        lines: [{ productId: product.id, quantity: 1, unitPrice: 20 }],
      }),
    ); // no contact: not a customer
    for (let i = 0; i < 12; i++) {
      const c = ok(
        await t.request('POST', '/api/v1/contacts', ws.owner, {
          firstName: `C${i}`,
          email: `c${i}@shop.test`,
          country: i % 2 ? 'GB' : 'US',
          lifecycleStage: 'customer',
          customFields: { tier: i < 6 ? 'gold' : 'silver' },
        }),
      );
      contacts.push(c.id);
    }
    // Recent, frequent, big spenders; lapsed ones; a one-order customer; a customer whose only order was refunded.
    for (let i = 0; i < 4; i++) for (let k = 0; k < 6; k++) await order(contacts[i]!, 3 + k * 10 + i, 200 + i * 10);
    for (let i = 4; i < 8; i++) for (let k = 0; k < 3; k++) await order(contacts[i]!, 200 + k * 30 + i, 80);
    for (let i = 8; i < 11; i++) await order(contacts[i]!, 20 + i * 15, 30);
    await order(contacts[11]!, 10, 500, 'refunded');
    await order(contacts[0]!, 2, -150); // a return: nets into spend, is not an order
  });
  afterAll(() => t.dispose());

  it('explains an empty workspace instead of showing nothing', async () => {
    const empty = await t.workspace('Empty');
    const before = ok(await t.request('GET', '/api/v1/segments', empty.owner));
    expect(before.run).toBeNull();
    expect(before.message).toMatch(/not been computed/);
    const result: any = await t.services.runner.runNow('segments.compute', {}, empty.id);
    expect(result.customers).toBe(0);
    const after = ok(await t.request('GET', '/api/v1/segments', empty.owner));
    expect(after.run.summary.warnings[0]).toMatch(/No orders yet/);
    expect(after.run.summary.grid).toHaveLength(25);
  });

  it('scores customers, nets returns, skips refunded orders and explains single-order customers and the k cap', async () => {
    const result = await run({ kMax: 8 });
    expect(result.customers).toBe(11); // the refunded-only contact is left out
    const { run: latest } = ok(await t.request('GET', '/api/v1/segments', ws.owner));
    const s = latest.summary;
    expect(s.segments.reduce((n: number, x: any) => n + x.customers, 0)).toBe(11);
    expect(s.grid.reduce((n: number, x: any) => n + x.customers, 0)).toBe(11);
    expect(s.returnsNetted).toBe(-150);
    expect(s.warnings.join(' ')).toMatch(/3 of 11 customer\(s\) have a single order/);
    expect(s.warnings.join(' ')).toMatch(/netted into spend/);
    expect(s.clusters.bestK).toBeGreaterThanOrEqual(2);
    expect(s.clusters.sweep.length).toBeGreaterThan(0);
    expect(s.clusters.sweep.every((p: any) => p.k <= 10)).toBe(true);
    const members = ok(await t.request('GET', `/api/v1/segments/members?limit=50`, ws.owner));
    const top = members.data.find((m: any) => m.contact_id === contacts[0]);
    expect(top.frequency).toBe(6);
    expect(top.monetary).toBeCloseTo(6 * 200 - 150, 2);
  });

  it('caps k at what the customers allow, with a message', async () => {
    const small = await t.workspace('Small');
    const p = ok(await t.request('POST', '/api/v1/products', small.owner, { name: 'X', sku: 'X-1' }));
    for (let i = 0; i < 3; i++) {
      const c = ok(await t.request('POST', '/api/v1/contacts', small.owner, { firstName: `S${i}` }));
      for (let k = 0; k <= i; k++)
        ok(
          await t.request('POST', '/api/v1/orders', small.owner, {
            contactId: c.id,
            orderedAt: `2026-0${k + 2}-1${i}T10:00:00Z`,
            lines: [{ productId: p.id, quantity: 1, unitPrice: 10 * (i + 1) }],
          }),
        );
    }
    const r: any = await t.services.runner.runNow('segments.compute', { kMin: 2, kMax: 8 }, small.id);
    expect(r.customers).toBe(3);
    expect(r.warnings.join(' ')).toMatch(/k capped at 2/);
    expect(r.bestK).toBe(2);
  });

  it('clusters on picked features and keeps a cluster name given by a person', async () => {
    await run({ categorical: ['country'], numeric: ['clv'], kMax: 4 });
    const { run: latest } = ok(await t.request('GET', '/api/v1/segments', ws.owner));
    expect(latest.summary.clusters.features).toEqual(['recency', 'frequency', 'spend', 'clv', 'country']);
    const renamed = ok(await t.request('PATCH', '/api/v1/segments/clusters/0', ws.owner, { name: 'Our regulars' }));
    expect(renamed.name).toBe('Our regulars');
    await run({ categorical: ['country'], numeric: ['clv'], kMax: 4 });
    const again = ok(await t.request('GET', '/api/v1/segments', ws.owner));
    expect(again.run.summary.clusters.profiles.map((p: any) => p.name)).toContain('Our regulars');
    const missing = await t.request('PATCH', '/api/v1/segments/clusters/9', ws.owner, { name: 'x' });
    expect(missing.status).toBe(404);
  });

  it('rule segments: activity recency and RFM values, history, and a clear message for a deleted field', async () => {
    ok(
      await t.request('POST', '/api/v1/activities', ws.owner, {
        type: 'call',
        occurredAt: '2026-05-30T10:00:00Z',
        contactId: contacts[1],
      }),
    );
    const quiet = ok(
      await t.request('POST', '/api/v1/segments/rules', ws.owner, {
        name: 'Quiet spenders',
        rules: [
          { field: 'daysSinceLastActivity', op: 'gte', value: '14' },
          { field: 'rfm.frequency', op: 'gte', value: '3' },
        ],
      }),
    );
    expect(quiet.memberCount).toBe(7); // 8 customers with ≥3 orders, minus the one called two days ago
    const members = ok(await t.request('GET', `/api/v1/segments/members?rule=${quiet.id}`, ws.owner));
    expect(members.total).toBe(7);
    expect(members.data.map((m: any) => m.contact_id)).not.toContain(contacts[1]);

    const unknown = await t.request('POST', '/api/v1/segments/rules', ws.owner, {
      name: 'Bad',
      rules: [{ field: 'shoeSize', op: 'eq', value: '9' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/"shoeSize" does not exist/);

    const gold = ok(
      await t.request('POST', '/api/v1/segments/rules', ws.owner, {
        name: 'Gold tier',
        rules: [{ field: 'custom.tier', op: 'eq', value: 'gold' }],
      }),
    );
    expect(gold.memberCount).toBe(6);
    for (const id of contacts) ok(await t.request('PATCH', `/api/v1/contacts/${id}`, ws.owner, { customFields: {} })); // the field is deleted
    const recomputed = ok(await t.request('POST', `/api/v1/segments/rules/${gold.id}/recompute`, ws.owner));
    expect(recomputed.error).toMatch(/custom field "tier" is not on any contact/);
    const stored = ok(await t.request('GET', `/api/v1/segments/rules/${gold.id}`, ws.owner));
    expect(stored.lastError).toMatch(/Edit the segment/);
    expect(stored.memberCount).toBe(6); // members kept as they were, not silently emptied

    ok(
      await t.request('PATCH', `/api/v1/segments/rules/${gold.id}`, ws.owner, {
        rules: [{ field: 'country', op: 'eq', value: 'GB' }],
      }),
    );
    const fixed = ok(await t.request('GET', `/api/v1/segments/rules/${gold.id}`, ws.owner));
    expect(fixed.lastError).toBeNull();
    expect(fixed.memberCount).toBe(6);
    const history = ok(await t.request('GET', `/api/v1/segments/rules/${gold.id}/history`, ws.owner));
    expect(history.data.filter((h: any) => h.left_at !== null)).toHaveLength(3); // gold ∩ US contacts left
    const job: any = await t.services.runner.runNow('segments.rules', {}, ws.id);
    expect(job.segments).toBe(2);
  });

  it('reps see only their own customers in member lists', async () => {
    const rep = await ws.member('rep');
    ok(await t.request('PATCH', `/api/v1/contacts/${contacts[2]}`, ws.owner, { ownerId: rep.id }));
    const withUnassigned = ok(await t.request('GET', '/api/v1/segments/members?limit=100', rep));
    expect(withUnassigned.total).toBe(11); // the others have no owner, and reps see unassigned records by default
    ok(await t.request('PATCH', '/api/v1/workspace', ws.owner, { settings: { repsSeeUnassigned: false } }));
    const mine = ok(await t.request('GET', '/api/v1/segments/members?limit=100', rep));
    expect(mine.data.map((m: any) => m.contact_id)).toEqual([contacts[2]]);
    expect(ok(await t.request('GET', '/api/v1/segments/members?limit=100', ws.owner)).total).toBe(11);
    ok(await t.request('PATCH', '/api/v1/workspace', ws.owner, { settings: { repsSeeUnassigned: true } }));
  });
  it('records who moved between segments, as a query and a CSV export', async () => {
    await run();
    const before = ok(await t.request('GET', `/api/v1/segments/members?limit=50`, ws.owner));
    const segmentOf = (id: string, rows: any[]) => rows.find((m: any) => m.contact_id === id)?.segment;
    const was = segmentOf(contacts[0]!, before.data);
    // Over the summer the others keep buying (orders dated after June, invisible to the June run); contact 0 does not.
    for (let i = 4; i < 11; i++) for (let k = 0; k < 8; k++) await order(contacts[i]!, -(90 + k * 5), 400);
    time.set('2026-09-15T12:00:00Z'); // four quiet months later (sessions would expire: only the job runs then)
    await run();
    time.set('2026-06-01T12:00:00Z');
    const after = ok(await t.request('GET', `/api/v1/segments/members?limit=50`, ws.owner));
    const now = segmentOf(contacts[0]!, after.data);
    expect(now).not.toBe(was);
    const moves = ok(
      await t.request(
        'GET',
        `/api/v1/segments/moves?from=${encodeURIComponent(was)}&to=${encodeURIComponent(now)}&since=2026-09-01&until=2026-10-01`,
        ws.owner,
      ),
    );
    expect(moves.rows.map((r: any) => r.contact_id)).toContain(contacts[0]);
    expect(moves.matrix.find((m: any) => m.from === was && m.to === now).customers).toBeGreaterThanOrEqual(1);
    const csv = await t.request(
      'GET',
      `/api/v1/segments/members?segment=${encodeURIComponent(now)}&format=csv`,
      ws.owner,
    );
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.body).split('\n')[0]).toMatch(/^contact_id,name,email/);
    expect(String(csv.body)).toContain(contacts[0]);
    // exporting personal data is recorded
    const exported = ok(await t.request('GET', '/api/v1/audit?entityType=segment', ws.owner));
    expect(exported.data[0]).toMatchObject({ action: 'segment.export', actorId: ws.owner.id });
    const june = ok(await t.request('GET', '/api/v1/segments/moves', ws.owner));
    expect(june.rows).toHaveLength(0);
  });
});

describe('segments: one sale counted once; old data measured from its end', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => new Date('2026-06-01T12:00:00Z') } });
  });
  afterAll(() => t.dispose());

  it('a won deal followed by its order is one sale; a won deal with no order is its own', async () => {
    const ws = await t.workspace('One sale');
    const stages = (
      await t.request('POST', '/api/v1/pipelines', ws.owner, {
        name: 'Sales',
        stages: [
          { name: 'Open', probability: 0.3, kind: 'open' },
          { name: 'Won', probability: 1, kind: 'won' },
          { name: 'Lost', probability: 0, kind: 'lost' },
        ],
      })
    ).body.stages;
    const a = (await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'A', email: 'a@x.test' })).body;
    const b = (await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'B', email: 'b@x.test' })).body;
    // A: a won deal of 1,000 and, 5 days later, the order for it (1,000). B: a won deal only (400).
    for (const [contactId, amount] of [
      [a.id, 1000],
      [b.id, 400],
    ] as const) {
      const deal = (
        await t.request('POST', '/api/v1/deals', ws.owner, { name: 'Setup', stageId: stages[0].id, contactId, amount })
      ).body;
      await t.database.query(
        `update deals set status = 'won', stage_id = $1, closed_at = '2026-05-01T00:00:00Z' where id = $2`,
        [stages[1].id, deal.id],
      );
    }
    await t.database.query(
      `insert into orders (workspace_id, contact_id, ordered_at, status, total) values ($1, $2, '2026-05-06T00:00:00Z', 'paid', 1000)`,
      [ws.id, a.id],
    );
    await t.services.runner.runNow('segments.compute', {}, ws.id);
    const run = (await t.request('GET', '/api/v1/segments', ws.owner)).body.run;
    expect(run.summary.revenue).toBe(1400); // 2,400 when the deal and its order both counted
    const rfm = await t.database.query(`select frequency, monetary from customer_rfm where contact_id = $1`, [a.id]);
    expect(rfm.rows[0]).toMatchObject({ frequency: 1, monetary: 1000 });
  });

  it('orders that end years ago are measured from the end of the data, and the run says so', async () => {
    const ws = await t.workspace('Old export');
    for (let i = 0; i < 10; i++) {
      const c = (await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: `C${i}`, email: `c${i}@old.test` }))
        .body;
      for (let k = 0; k <= i % 3; k++) {
        await t.database.query(
          `insert into orders (workspace_id, contact_id, ordered_at, status, total) values ($1, $2, $3, 'paid', $4)`,
          [ws.id, c.id, new Date(Date.UTC(2011, 11, 9) - (i * 20 + k * 45) * 86_400_000).toISOString(), 50 + i * 10],
        );
      }
    }
    await t.services.runner.runNow('segments.compute', {}, ws.id);
    const run = (await t.request('GET', '/api/v1/segments', ws.owner)).body.run;
    expect(run.summary.measuredFrom).toBe('data_end');
    expect(run.asOf).toBe('2011-12-10T00:00:00.000Z');
    expect(run.summary.warnings[0]).toMatch(
      /newest order is from 2011-12-09.*measured from 2011-12-10 \(the end of the data\)/,
    );
    // Measured from today every customer would be 14 years late; from the data's end, the recent ones are not.
    expect(run.summary.churnRisk).toBeLessThan(10);
  });
});
