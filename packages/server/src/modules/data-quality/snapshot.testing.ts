import { sql } from 'drizzle-orm';
import type { TestApp } from '../../testing/harness';

/** Every row the merge may touch, as exact JSON, in a stable order: "the workspace" for before/after comparisons. */
export async function snapshot(t: TestApp, workspaceId: string) {
  const out: Record<string, unknown[]> = {};
  for (const table of ['contacts', 'companies', 'activities', 'deals', 'orders', 'consent_events']) {
    const res = (await t.database.db.execute(sql`select to_jsonb(x) as row from ${sql.raw(table)} x where x.workspace_id = ${workspaceId} order by x.id`)) as unknown as { rows: { row: unknown }[] };
    out[table] = res.rows.map((r) => r.row);
  }
  return out;
}
