import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';

describe('deals and pipelines', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let pipeline: any;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Deals');
    pipeline = (await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline)).body;
  });
  afterAll(() => t.dispose());

  it('moving a deal records history, and won/lost stages close it', async () => {
    const [qualified, proposal, won, lost] = pipeline.stages;
    const deal = (
      await t.request('POST', '/api/v1/deals', ws.owner, { name: 'Big one', stageId: qualified.id, amount: 5000 })
    ).body;
    expect(deal).toMatchObject({ status: 'open', pipelineId: pipeline.id, stageName: 'Qualified' });
    const moved = await t.request('POST', `/api/v1/deals/${deal.id}/move`, ws.owner, { stageId: proposal.id });
    expect(moved.body).toMatchObject({ stageId: proposal.id, status: 'open', stageName: 'Proposal' });
    const closed = await t.request('POST', `/api/v1/deals/${deal.id}/move`, ws.owner, {
      stageId: lost.id,
      lostReason: 'Price',
    });
    expect(closed.body).toMatchObject({ status: 'lost', lostReason: 'Price', closedAt: '2026-06-01T12:00:00.000Z' });
    const reopened = await t.request('POST', `/api/v1/deals/${deal.id}/move`, ws.owner, { stageId: won.id });
    expect(reopened.body).toMatchObject({ status: 'won', lostReason: null });
    const history = await t.request('GET', `/api/v1/deals/${deal.id}/history`, ws.owner);
    expect(history.body.data.map((h: any) => h.toStageId)).toEqual([qualified.id, proposal.id, lost.id, won.id]);
  });

  it("stage totals count and sum every deal of a stage (not a page of cards), within the caller's scope", async () => {
    const ws2 = await t.workspace('Board totals');
    const p2 = (await t.request('POST', '/api/v1/pipelines', ws2.owner, testPipeline)).body;
    const [open, , won, lost] = p2.stages;
    const rep = await ws2.member('rep');
    // 130 won deals: more than the board loads per column (100).
    for (let i = 0; i < 130; i++)
      await t.services.deals.create(ws2.actor, {
        name: `W${i}`,
        stageId: won.id,
        amount: 100 + i,
        ownerId: i % 2 ? rep.id : undefined,
      });
    await t.services.deals.create(ws2.actor, { name: 'L', stageId: lost.id, amount: 999.5 });
    const all = await t.request('GET', `/api/v1/pipelines/${p2.id}/totals`, ws2.owner);
    expect(all.status).toBe(200);
    const sql = await t.database.query(
      `select stage_id, count(*)::int as n, sum(amount)::float8 as s from deals where workspace_id = $1 group by 1`,
      [ws2.id],
    );
    const want = new Map(sql.rows.map((r: any) => [r.stage_id, r]));
    const by = new Map(all.body.data.map((x: any) => [x.stageId, x]));
    expect(by.get(won.id)).toEqual({ stageId: won.id, kind: 'won', deals: 130, amount: (want.get(won.id) as any).s });
    expect(by.get(lost.id)).toMatchObject({ deals: 1, amount: 999.5 });
    expect(by.get(open.id)).toMatchObject({ deals: 0, amount: 0 });
    const repsOnly = (await t.request('GET', `/api/v1/pipelines/${p2.id}/totals?ownerId=${rep.id}`, ws2.owner)).body
      .data;
    expect(repsOnly.find((x: any) => x.stageId === won.id)).toMatchObject({ deals: 65 });
    const unassigned = (await t.request('GET', `/api/v1/pipelines/${p2.id}/totals?ownerId=none`, ws2.owner)).body.data;
    expect(unassigned.find((x: any) => x.stageId === won.id)).toMatchObject({ deals: 65 });
    // A rep's totals cover what the rep may see (their own deals and, with this workspace's setting, unassigned
    // ones): the same deals the rep's list shows.
    await t.database.query(`update deals set owner_id = $1 where workspace_id = $2 and name = 'W0'`, [
      ws2.owner.id,
      ws2.id,
    ]);
    const asRep = (await t.request('GET', `/api/v1/pipelines/${p2.id}/totals`, rep)).body.data;
    const repList = (await t.request('GET', `/api/v1/deals?limit=1&count=true&filter[stageId][eq]=${won.id}`, rep))
      .body;
    expect(asRep.find((x: any) => x.stageId === won.id)).toMatchObject({ deals: 129 });
    expect(repList.total).toBe(129);
    expect((await t.request('GET', `/api/v1/pipelines/${p2.id}/totals?ownerId=bob`, ws2.owner)).status).toBe(400);
    expect((await t.request('GET', `/api/v1/pipelines/${pipeline.id}/totals`, ws2.owner)).status).toBe(404);
  });

  it('a negative amount is refused naming the field, on create and on update', async () => {
    const [qualified] = pipeline.stages;
    const bad = await t.request('POST', '/api/v1/deals', ws.owner, {
      name: 'Refund?',
      stageId: qualified.id,
      amount: -500,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/amount/);
    const deal = (
      await t.request('POST', '/api/v1/deals', ws.owner, { name: 'Zero is fine', stageId: qualified.id, amount: 0 })
    ).body;
    expect(deal.amount).toBe(0);
    const patched = await t.request('PATCH', `/api/v1/deals/${deal.id}`, ws.owner, { amount: -1 });
    expect(patched.status).toBe(400);
  });

  it('a stage of another pipeline is refused, and stages with deals cannot be removed', async () => {
    const other = (await t.request('POST', '/api/v1/pipelines', ws.owner, { ...testPipeline, name: 'Renewals' })).body;
    const deal = (await t.request('POST', '/api/v1/deals', ws.owner, { name: 'D', stageId: pipeline.stages[0].id }))
      .body;
    const wrong = await t.request('PATCH', `/api/v1/deals/${deal.id}`, ws.owner, {
      pipelineId: pipeline.id,
      stageId: other.stages[1].id,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.field).toBe('stageId');
    const removeStage = await t.request('PATCH', `/api/v1/pipelines/${pipeline.id}`, ws.owner, {
      stages: pipeline.stages.slice(1).map(({ position: _p, ...st }: any) => st),
    });
    expect(removeStage.status).toBe(409);
    const pipelines = await t.request('GET', '/api/v1/pipelines', ws.owner);
    expect(pipelines.body.data.find((p: any) => p.id === pipeline.id).stages).toHaveLength(4);
    const renamed = await t.request('PATCH', `/api/v1/pipelines/${other.id}`, ws.owner, {
      name: 'Renewals 2026',
      stages: [
        ...other.stages.map((s: any) => ({ ...s, position: undefined })),
        { name: 'On hold', probability: 0.1, kind: 'open' },
      ].map(({ position: _p, ...s }: any) => s),
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.stages.map((s: any) => s.name)).toEqual(['Qualified', 'Proposal', 'Won', 'Lost', 'On hold']);
  });

  it('orders total their lines', async () => {
    const product = (await t.request('POST', '/api/v1/products', ws.owner, { name: 'Thing', price: 3.5 })).body;
    const order = await t.request('POST', '/api/v1/orders', ws.owner, {
      orderedAt: '2026-05-05T00:00:00Z',
      lines: [
        { productId: product.id, quantity: 3, unitPrice: 3.5 },
        { description: 'Shipping', quantity: 1, unitPrice: 4.99 },
      ],
    });
    expect(order.body.total).toBe(15.49);
    const fetched = await t.request('GET', `/api/v1/orders/${order.body.id}`, ws.owner);
    expect(fetched.body.lines).toHaveLength(2);
    const edited = await t.request('PATCH', `/api/v1/orders/${order.body.id}`, ws.owner, {
      lines: [{ productId: product.id, quantity: 1, unitPrice: 3.5 }],
    });
    expect(edited.body.total).toBe(3.5);
  });
});
