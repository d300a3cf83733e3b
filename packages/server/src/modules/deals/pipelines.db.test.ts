import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';

describe('pipeline settings: rename, reorder, archive with deals moved', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Pipelines');
  });
  afterAll(() => t.dispose());

  it('renames and reorders stages, and counts the deals in each', async () => {
    const p = (await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline)).body;
    const [a, b, won, lost] = p.stages;
    await t.request('POST', '/api/v1/deals', ws.owner, { name: 'D', stageId: b.id, amount: 10 });
    const patched = await t.request('PATCH', `/api/v1/pipelines/${p.id}`, ws.owner, {
      name: 'Wholesale',
      stages: [
        { id: b.id, name: 'Quote sent', probability: 0.5, kind: 'open' },
        { id: a.id, name: a.name, probability: 0.2, kind: 'open' },
        { id: won.id, name: won.name, probability: 1, kind: 'won' },
        { id: lost.id, name: lost.name, probability: 0, kind: 'lost' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('Wholesale');
    expect(patched.body.stages.map((s: any) => [s.name, s.position, s.deals])).toEqual([
      ['Quote sent', 0, 1],
      [a.name, 1, 0],
      [won.name, 2, 0],
      [lost.name, 3, 0],
    ]);
    const noWon = await t.request('PATCH', `/api/v1/pipelines/${p.id}`, ws.owner, {
      stages: [{ id: a.id, name: 'x', probability: 0.1, kind: 'open' }],
    });
    expect(noWon.status).toBe(400);
    expect(noWon.body.error.details.field ?? JSON.stringify(noWon.body.error.details)).toContain('stages');
  });

  it('archiving a stage with deals needs a target, moves them with history, and hides the stage', async () => {
    const p = (await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline)).body;
    const [a, b, won] = p.stages;
    const deals = [];
    for (const name of ['One', 'Two'])
      deals.push((await t.request('POST', '/api/v1/deals', ws.owner, { name, stageId: a.id, amount: 5 })).body);
    const url = `/api/v1/pipelines/${p.id}/stages/${a.id}/archive`;
    const missing = await t.request('POST', url, ws.owner, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.field).toBe('moveDealsTo');
    const self = await t.request('POST', url, ws.owner, { moveDealsTo: a.id });
    expect(self.status).toBe(400);
    const rep = await ws.member('rep');
    expect((await t.request('POST', url, rep, { moveDealsTo: b.id })).status).toBe(403);

    const done = await t.request('POST', url, ws.owner, { moveDealsTo: b.id });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ moved: 2 });
    for (const d of deals) {
      const now = (await t.request('GET', `/api/v1/deals/${d.id}`, ws.owner)).body;
      expect(now).toMatchObject({ stageId: b.id, status: 'open' });
      const h = (await t.request('GET', `/api/v1/deals/${d.id}/history`, ws.owner)).body.data;
      expect(h.map((x: any) => x.toStageId)).toEqual([a.id, b.id]);
    }
    const list = (await t.request('GET', '/api/v1/pipelines', ws.owner)).body.data.find((x: any) => x.id === p.id);
    expect(list.stages.map((s: any) => s.id)).not.toContain(a.id);
    expect(list.stages.find((s: any) => s.id === b.id).deals).toBe(2);
    const withArchived = (await t.request('GET', '/api/v1/pipelines?archived=include', ws.owner)).body.data.find(
      (x: any) => x.id === p.id,
    );
    expect(withArchived.stages.find((s: any) => s.id === a.id).archivedAt).toBeTruthy();
    // A PATCH of the visible stages does not delete the archived one (its history stays).
    const again = await t.request('PATCH', `/api/v1/pipelines/${p.id}`, ws.owner, {
      stages: list.stages.map(({ id, name, probability, kind }: any) => ({ id, name, probability, kind })),
    });
    expect(again.status).toBe(200);
    const h = (await t.request('GET', `/api/v1/deals/${deals[0].id}/history`, ws.owner)).body.data;
    expect(h).toHaveLength(2);
    // The last won stage cannot go.
    const lastWon = await t.request('POST', `/api/v1/pipelines/${p.id}/stages/${won.id}/archive`, ws.owner, {});
    expect(lastWon.status).toBe(409);
  });

  it('archiving a pipeline moves its deals to another pipeline and closes them when the target is won', async () => {
    const from = (await t.request('POST', '/api/v1/pipelines', ws.owner, { ...testPipeline, name: 'Old' })).body;
    const to = (await t.request('POST', '/api/v1/pipelines', ws.owner, { ...testPipeline, name: 'New' })).body;
    const d = (await t.request('POST', '/api/v1/deals', ws.owner, { name: 'Moving', stageId: from.stages[0].id })).body;
    const wonStage = to.stages.find((s: any) => s.kind === 'won');
    const own = await t.request('POST', `/api/v1/pipelines/${from.id}/archive`, ws.owner, {
      moveDealsTo: from.stages[1].id,
    });
    expect(own.status).toBe(400);
    const r = await t.request('POST', `/api/v1/pipelines/${from.id}/archive`, ws.owner, { moveDealsTo: wonStage.id });
    expect(r.body).toEqual({ moved: 1 });
    const moved = (await t.request('GET', `/api/v1/deals/${d.id}`, ws.owner)).body;
    expect(moved).toMatchObject({ pipelineId: to.id, stageId: wonStage.id, status: 'won' });
    expect(moved.closedAt).toBeTruthy();
    const ids = (await t.request('GET', '/api/v1/pipelines', ws.owner)).body.data.map((x: any) => x.id);
    expect(ids).not.toContain(from.id);
    const archived = (await t.request('GET', '/api/v1/pipelines?archived=only', ws.owner)).body.data;
    expect(archived.map((x: any) => x.id)).toEqual([from.id]);
    const audit = await t.database.query(
      `select action from audit_log where workspace_id = $1 and entity_id = $2 order by id`,
      [ws.id, from.id],
    );
    expect(audit.rows.map((x: any) => x.action)).toContain('pipeline.archive');
  });
});
