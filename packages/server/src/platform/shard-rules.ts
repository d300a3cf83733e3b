import { is } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';

/**
 * What would stop distributing a table by workspace_id on Citus (decision 0130): every primary key, unique key and
 * foreign key of a workspace table must include workspace_id (a key to workspaces(id) itself is the co-location link).
 * The one table without workspace_id allowed is `workspaces`, distributed by its id.
 */
export function shardBlockers(tables: unknown[]): string[] {
  const out: string[] = [];
  for (const t of tables) {
    if (!is(t, PgTable)) continue;
    const c = getTableConfig(t);
    if (c.name === 'workspaces') continue;
    if (!c.columns.some((col) => col.name === 'workspace_id')) {
      out.push(`${c.name}: no workspace_id`);
      continue;
    }
    const hasWs = (cols: string[]) => cols.includes('workspace_id');
    const pk = [
      ...c.columns.filter((col) => col.primary).map((col) => col.name),
      ...c.primaryKeys.flatMap((p) => p.columns.map((col) => col.name)),
    ];
    if (pk.length && !hasWs(pk)) out.push(`${c.name}: primary key (${pk.join(', ')})`);
    const uniques = [
      ...c.indexes
        .filter((i) => i.config.unique)
        .map((i) => ({
          name: i.config.name ?? '?',
          cols: i.config.columns.map((col) => ('name' in col ? String(col.name) : 'expression')),
        })),
      ...c.uniqueConstraints.map((u) => ({ name: u.name ?? '?', cols: u.columns.map((col) => col.name) })),
      ...c.columns.filter((col) => col.isUnique).map((col) => ({ name: col.uniqueName ?? col.name, cols: [col.name] })),
    ];
    for (const u of uniques) if (!hasWs(u.cols)) out.push(`${c.name}: unique ${u.name} (${u.cols.join(', ')})`);
    for (const fk of c.foreignKeys) {
      const ref = fk.reference();
      const target = getTableConfig(ref.foreignTable).name;
      const cols = ref.columns.map((col) => col.name);
      if (target === 'workspaces' || hasWs(cols)) continue;
      out.push(
        `${c.name}: foreign key (${cols.join(', ')}) -> ${target}(${ref.foreignColumns.map((col) => col.name).join(', ')})`,
      );
    }
  }
  return out.sort();
}
