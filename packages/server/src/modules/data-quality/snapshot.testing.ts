import { sql } from 'drizzle-orm';
import type { TestApp } from '../../testing/harness';
import { linksOf } from './data-quality.repo';

/** contacts, companies and every table whose foreign keys reference them, read from the database's catalogue. */
export async function mergeTables(t: TestApp): Promise<string[]> {
  const links = [...(await linksOf(t.database.db, 'contacts')), ...(await linksOf(t.database.db, 'companies'))];
  return [...new Set(['contacts', 'companies', ...links.map((l) => l.table)])].sort();
}

/** Every row the merge may touch, as exact JSON, in a stable order: "the workspace" for before/after comparisons. */
export async function snapshot(t: TestApp, workspaceId: string) {
  const out: Record<string, unknown[]> = {};
  for (const table of await mergeTables(t)) {
    const res = (await t.database.db.execute(
      sql`select to_jsonb(x) as row from ${sql.raw(`"${table}"`)} x where x.workspace_id = ${workspaceId} order by to_jsonb(x)::text`,
    )) as unknown as { rows: { row: unknown }[] };
    out[table] = res.rows.map((r) => r.row);
  }
  return out;
}
