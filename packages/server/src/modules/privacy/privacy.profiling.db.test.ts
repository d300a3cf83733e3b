import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';

/** An objection to profiling takes the person out of scoring, segments and recommendations from the next run. */
describe('objection to profiling', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  const q = async (text: string, values: unknown[]) => (await t.database.query(text, values)).rows;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Objection');
    await t.services.demo.load(ws.id, { seed: 5, contacts: 300 });
  }, 120_000);
  afterAll(() => t.dispose());

  const object = async (contactId: string) => {
    const res = await t.request('POST', `/api/v1/contacts/${contactId}/privacy/consent`, ws.owner, {
      purpose: 'profiling',
      state: 'denied',
      reason: 'objected by email',
      legalBasis: 'legitimate_interest',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  it('scoring leaves them out and drops their old score', async () => {
    await t.services.scoring.train(ws.id, 'contact_conversion', 'test', undefined, { activate: true });
    await t.services.scoring.score(ws.id, 'contact_conversion');
    const scored = await q(
      `select entity_id from scoring_scores where workspace_id = $1 and entity = 'contact' order by entity_id limit 2`,
      [ws.id],
    );
    expect(scored).toHaveLength(2);
    const objector = scored[0].entity_id as string;
    await object(objector);
    expect((await t.services.privacy.profilingExcluded(ws.id)).has(objector)).toBe(true);
    await t.services.scoring.score(ws.id, 'contact_conversion');
    expect(
      await q(`select 1 from scoring_scores where workspace_id = $1 and entity_id = $2`, [ws.id, objector]),
    ).toHaveLength(0);
    expect(
      await q(`select 1 from scoring_scores where workspace_id = $1 and entity_id = $2`, [ws.id, scored[1].entity_id]),
    ).toHaveLength(1);
  }, 120_000);

  it('segments leave them out (they leave their segment) and recommendations are not personalised', async () => {
    await t.services.runner.runNow('segments.compute', {}, ws.id);
    const [member] = await q(
      `select contact_id from customer_rfm where workspace_id = $1 order by contact_id limit 1`,
      [ws.id],
    );
    const objector = member.contact_id as string;
    expect(
      await q(`select 1 from segment_memberships where workspace_id = $1 and contact_id = $2 and left_at is null`, [
        ws.id,
        objector,
      ]),
    ).not.toHaveLength(0);
    await object(objector);
    await t.services.runner.runNow('segments.compute', {}, ws.id);
    expect(
      await q(`select 1 from customer_rfm where workspace_id = $1 and contact_id = $2`, [ws.id, objector]),
    ).toHaveLength(0);
    expect(
      await q(
        `select 1 from segment_memberships where workspace_id = $1 and contact_id = $2 and kind = 'rfm' and left_at is null`,
        [ws.id, objector],
      ),
    ).toHaveLength(0);
    const recs = await t.request('GET', `/api/v1/contacts/${objector}/recommendations`, ws.owner);
    expect(recs.body).toMatchObject({ basis: 'none', items: [] });
    expect(recs.body.message).toMatch(/objected to profiling/);
  }, 120_000);
});
