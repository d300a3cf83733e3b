import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';

/**
 * Segment churn-risk hit rate: the refresh keeps a snapshot of the segments' flags; once it is 90 days old, of the
 * customers flagged at risk the share who did not buy since, against all customers of the snapshot.
 */
describe('churn-risk hit rate', () => {
  let t: TestApp;
  let now = new Date('2026-06-01T12:00:00Z');
  const day = 86_400_000;
  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => now } });
  });
  afterAll(() => t.dispose());

  it('waits for the window, then compares the flagged with everyone', async () => {
    const ws = await t.workspace('Churn');
    const contacts: string[] = [];
    // 8 customers: 4 buy every 20 days until now (steady), 4 stopped 200 days ago after a 20-day rhythm (at risk).
    for (let i = 0; i < 8; i++) {
      const c = await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: `C${i}`,
        email: `c${i}@churn.test`,
      });
      contacts.push(c.body.id);
      const lastDay = i < 4 ? 0 : 200;
      for (let k = 0; k < 6; k++)
        await t.database.query(
          `insert into orders (workspace_id, contact_id, ordered_at, status, total) values ($1, $2, $3, 'paid', 50)`,
          [ws.id, c.body.id, new Date(now.getTime() - (lastDay + k * 20) * day)],
        );
    }
    await t.services.runner.runNow('segments.compute', {}, ws.id);
    await t.services.monitoring.refresh(ws.id);
    const early = (await t.request('GET', '/api/v1/monitoring', ws.owner)).body.churn;
    expect(early.hitRate).toBeNull();
    expect(early.message).toMatch(/can be judged 90 days later/);
    const flags = await t.database.query(
      'select count(*) filter (where churn_risk)::int as flagged, count(*)::int as n from monitoring_churn_flags where workspace_id = $1',
      [ws.id],
    );
    expect(flags.rows[0]).toEqual({ flagged: 4, n: 8 });

    // 100 days on: one flagged customer came back, one steady customer stopped buying (no order since the snapshot).
    now = new Date(now.getTime() + 100 * day);
    await t.database.query(
      `insert into orders (workspace_id, contact_id, ordered_at, status, total) values ($1, $2, $3, 'paid', 80)`,
      [ws.id, contacts[4], new Date(now.getTime() - 10 * day)],
    );
    for (const id of contacts.slice(0, 3))
      await t.database.query(
        `insert into orders (workspace_id, contact_id, ordered_at, status, total) values ($1, $2, $3, 'paid', 80)`,
        [ws.id, id, new Date(now.getTime() - 30 * day)],
      );
    // (The owner's session has expired by now: the service is asked directly.)
    const churn = (await t.services.monitoring.status(ws.actor)).churn;
    // Flagged: 4, of whom 3 did not buy since → 0.75; everyone: 4 of 8 did not buy (3 flagged + 1 steady) → 0.5.
    expect(churn).toMatchObject({
      customers: 8,
      flagged: 4,
      flaggedNotBought: 3,
      hitRate: 0.75,
      baseRate: 0.5,
      lift: 1.5,
    });
    const summary = await t.services.monitoring.summary(ws.actor);
    expect(summary.churn.hitRate).toBe(0.75);
  }, 60_000);
});
