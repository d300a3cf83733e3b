import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import { seedRecords } from '../../testing/fixtures';

/** Deleting a workspace removes all its rows, audit log included, and nothing of any other workspace. */
describe('workspace deletion', () => {
  let t: TestApp;
  const rows = async (sql: string, values: unknown[] = []) =>
    ((await t.database.query(sql, values)) as { rows: Record<string, unknown>[] }).rows;
  /** Row counts per table that has a workspace_id column, for one workspace. */
  const countsOf = async (workspaceId: string) => {
    const tables = await rows(
      "select table_name from information_schema.columns where column_name = 'workspace_id' and table_schema = 'public' order by 1",
    );
    const out: Record<string, number> = {};
    for (const { table_name: name } of tables) {
      const [r] = await rows(`select count(*)::int as n from "${String(name)}" where workspace_id = $1`, [workspaceId]);
      out[String(name)] = Number(r!.n);
    }
    return out;
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.dispose());

  it('owners only, confirmed by name; then every row of it is gone and the other workspace is intact', async () => {
    const doomed = await t.workspace('Doomed');
    const kept = await t.workspace('Kept');
    await seedRecords(t, doomed.owner);
    await seedRecords(t, kept.owner);
    const keptBefore = await countsOf(kept.id);
    const admin = await doomed.member('admin');

    expect((await t.request('DELETE', '/api/v1/workspace', admin, { confirm: 'Doomed' })).status).toBe(403);
    const wrong = await t.request('DELETE', '/api/v1/workspace', doomed.owner, { confirm: 'doomed' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.field).toBe('confirm');
    // The append-only rule still holds outside a workspace deletion.
    await expect(t.database.query('delete from audit_log where workspace_id = $1', [doomed.id])).rejects.toThrow(
      /append-only/,
    );

    const res = await t.request('DELETE', '/api/v1/workspace', doomed.owner, { confirm: 'Doomed' });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    const left = Object.entries(await countsOf(doomed.id)).filter(([, n]) => n > 0);
    expect(left).toEqual([]);
    expect(await rows('select id from workspaces where id = $1', [doomed.id])).toEqual([]);
    expect(await countsOf(kept.id)).toEqual(keptBefore);
    expect((await t.request('GET', '/api/v1/audit/verify', kept.owner)).body.ok).toBe(true);
    // The session died with the workspace.
    expect((await t.request('GET', '/api/v1/contacts', doomed.owner)).status).toBe(401);
  });
});
