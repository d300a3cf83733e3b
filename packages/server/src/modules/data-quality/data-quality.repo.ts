import { and, eq, sql, getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { rowsOf, type Tx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { contacts } from '../contacts/contacts.schema';
import { companies } from '../companies/companies.schema';
import { dqCandidates, dqDismissals, dqMerges, dqScans, type MovedLinks } from './data-quality.schema';

export const entityTypes = ['contacts', 'companies'] as const;
export type EntityType = (typeof entityTypes)[number];

export const tableOf = (type: EntityType) => (type === 'contacts' ? contacts : companies);

/**
 * Tables whose rows are figures derived from a contact (recomputed by their module), not facts about it: a merge
 * sets the loser's rows aside (they go with the loser) and undo puts them back, instead of handing them to the
 * survivor (who has its own, and a unique index may allow only one).
 */
export const derivedTables = new Set(['customer_rfm', 'segment_memberships']);

export type Link = { table: string; column: string; hasUpdatedAt: boolean; hasId: boolean; action: 'move' | 'aside' };

/**
 * Where a merged record's links live, read from the database's own foreign keys (so a new table that references
 * contacts or companies cannot be missed). Rows of a derived table, or whose reference is unique (one row per
 * record), are set aside; a partial unique index (one *active* sequence enrolment per contact) does not count: its
 * rows move, since setting them aside would lose the rows that cascade from them (the enrolment's steps); every other referencing row moves to the survivor. These are the only writes this module
 * makes to other modules' tables (documented in docs/data-quality.md).
 */
export async function linksOf(tx: Tx, type: EntityType): Promise<Link[]> {
  const rows = await rowsOf<{
    table_name: string;
    column_name: string;
    has_updated_at: boolean;
    has_id: boolean;
    is_unique: boolean;
  }>(
    tx,
    sql`
    select cl.relname as table_name, a.attname as column_name,
      exists (select 1 from pg_attribute u where u.attrelid = c.conrelid and u.attname = 'updated_at' and not u.attisdropped) as has_updated_at,
      exists (select 1 from pg_attribute u where u.attrelid = c.conrelid and u.attname = 'id' and not u.attisdropped) as has_id,
      exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indisunique and i.indpred is null and a.attnum = any(i.indkey::int2[])) as is_unique
    from pg_constraint c
    join pg_class cl on cl.oid = c.conrelid
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    where c.contype = 'f' and c.confrelid = ${type}::regclass and array_length(c.conkey, 1) = 1
    order by cl.relname, a.attname`,
  );
  return rows.map((r) => ({
    table: r.table_name,
    column: r.column_name,
    hasUpdatedAt: r.has_updated_at,
    hasId: r.has_id,
    action: derivedTables.has(r.table_name) || r.is_unique || !r.has_id ? 'aside' : 'move',
  }));
}

export type ContactScanRow = {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  external_id: string | null;
  company_id: string | null;
  company_name: string | null;
};
export type CompanyScanRow = {
  id: string;
  name: string;
  domain: string | null;
  phone: string | null;
  external_id: string | null;
  city: string | null;
};

export function createDataQualityRepo() {
  return {
    defaultCountry: async (db: Tx, workspaceId: string) =>
      (
        await rowsOf<{ c: string | null }>(
          db,
          sql`select settings->>'defaultCountry' as c from workspaces where id = ${workspaceId}`,
        )
      )[0]?.c ?? 'US',

    scanContacts: (db: Tx, ws: string) =>
      rowsOf<ContactScanRow>(
        db,
        sql`select c.id, c.first_name, c.last_name, c.email, c.phone, c.external_id, c.company_id, co.name as company_name
        from contacts c left join companies co on co.id = c.company_id where c.workspace_id = ${ws}`,
      ),
    /** Contacts that could be this person: the same email, email local part or phone digits (single-record matching). */
    matchCandidates: (
      db: Tx,
      ws: string,
      who: { email: string | null; local: string | null; phoneTail: string | null },
    ) =>
      rowsOf<ContactScanRow>(
        db,
        sql`select c.id, c.first_name, c.last_name, c.email, c.phone, c.external_id, c.company_id, co.name as company_name
        from contacts c left join companies co on co.id = c.company_id
        where c.workspace_id = ${ws} and (
          (${who.email}::text is not null and lower(c.email) = ${who.email})
          or (${who.local}::text is not null and split_part(lower(c.email), '@', 1) = ${who.local})
          or (${who.phoneTail}::text is not null and length(regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g')) >= 7
              and right(regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g'), 9) = ${who.phoneTail}))
        limit 50`,
      ),
    scanCompanies: (db: Tx, ws: string) =>
      rowsOf<CompanyScanRow>(
        db,
        sql`select id, name, domain, phone, external_id, city from companies where workspace_id = ${ws}`,
      ),

    /** Replaces the stored result of the last scan of this type. */
    async saveScan(
      tx: Tx,
      ws: string,
      type: EntityType,
      scan: { records: number; pairsCompared: number; durationMs: number; scannedAt: Date },
      candidates: { a: string; b: string; score: number; reasons: unknown }[],
    ) {
      await tx.delete(dqCandidates).where(and(eq(dqCandidates.workspaceId, ws), eq(dqCandidates.entityType, type)));
      for (let i = 0; i < candidates.length; i += 2000) {
        const chunk = candidates.slice(i, i + 2000).map((c) => (c.a < c.b ? c : { ...c, a: c.b, b: c.a }));
        await tx.execute(sql`insert into dq_candidates (workspace_id, entity_type, record_a, record_b, score, reasons)
          select ${ws}, ${type}, x.a, x.b, x.score, x.reasons from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(a uuid, b uuid, score real, reasons jsonb)
          on conflict do nothing`);
      }
      const row = {
        workspaceId: ws,
        entityType: type,
        records: scan.records,
        pairsCompared: scan.pairsCompared,
        candidates: candidates.length,
        durationMs: scan.durationMs,
        scannedAt: scan.scannedAt,
      };
      await tx
        .insert(dqScans)
        .values(row)
        .onConflictDoUpdate({ target: [dqScans.workspaceId, dqScans.entityType], set: row });
    },

    /** Whether the records of a type differ from what the scan saw: another count, or one written after it. */
    async changedSinceScan(db: Tx, ws: string, type: EntityType, scan: { records: number; scannedAt: Date }) {
      const [r] = await rowsOf<{ n: string | number; changed: boolean }>(
        db,
        sql`select count(*) as n, coalesce(bool_or(updated_at > ${scan.scannedAt}), false) as changed
        from ${sql.raw(type)} where workspace_id = ${ws}`,
      );
      return Number(r?.n ?? 0) !== scan.records || r?.changed === true;
    },

    lastScan: async (db: Tx, ws: string, type: EntityType) =>
      (
        await db
          .select()
          .from(dqScans)
          .where(and(eq(dqScans.workspaceId, ws), eq(dqScans.entityType, type)))
      )[0] ?? null,

    /** Open pairs: both records still exist and nobody dismissed the pair. */
    async openPairs(db: Tx, ws: string, type: EntityType, f: { minScore: number; limit: number; offset: number }) {
      const table = sql.raw(type);
      const where = sql`d.workspace_id = ${ws} and d.entity_type = ${type} and d.score >= ${f.minScore}
        and exists (select 1 from ${table} a where a.id = d.record_a and a.workspace_id = ${ws})
        and exists (select 1 from ${table} b where b.id = d.record_b and b.workspace_id = ${ws})
        and not exists (select 1 from dq_dismissals x where x.workspace_id = d.workspace_id and x.entity_type = d.entity_type and x.record_a = d.record_a and x.record_b = d.record_b)`;
      const [rows, total] = await Promise.all([
        rowsOf<{ record_a: string; record_b: string; score: number; reasons: { code: string; detail: string }[] }>(
          db,
          sql`select d.record_a, d.record_b, d.score, d.reasons from dq_candidates d where ${where}
          order by d.score desc, d.record_a, d.record_b limit ${f.limit} offset ${f.offset}`,
        ),
        rowsOf<{ n: string | number }>(db, sql`select count(*) as n from dq_candidates d where ${where}`),
      ]);
      return { rows, total: Number(total[0]?.n ?? 0) };
    },

    /** Distinct records in open pairs at or above a score (the report's duplicates figure). */
    async recordsInPairs(db: Tx, ws: string, type: EntityType, minScore: number) {
      const { rows } = await this.openPairs(db, ws, type, { minScore, limit: 1_000_000, offset: 0 });
      return { pairs: rows.length, records: new Set(rows.flatMap((r) => [r.record_a, r.record_b])) };
    },

    records: (db: Tx, ws: string, type: EntityType, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : type === 'contacts'
          ? rowsOf<Record<string, unknown>>(
              db,
              sql`select c.*, co.name as company_name, (select u.name from users u where u.id = c.owner_id) as owner_name,
              (select count(*) from activities x where x.workspace_id = c.workspace_id and x.contact_id = c.id)::int as activity_count,
              (select count(*) from deals x where x.workspace_id = c.workspace_id and x.contact_id = c.id)::int as deal_count,
              (select count(*) from orders x where x.workspace_id = c.workspace_id and x.contact_id = c.id)::int as order_count
              from contacts c left join companies co on co.id = c.company_id where c.workspace_id = ${ws} and c.id = any(${`{${ids.join(',')}}`}::uuid[])`,
            )
          : rowsOf<Record<string, unknown>>(
              db,
              sql`select c.*, (select u.name from users u where u.id = c.owner_id) as owner_name,
              (select count(*) from contacts x where x.workspace_id = c.workspace_id and x.company_id = c.id)::int as contact_count,
              (select count(*) from deals x where x.workspace_id = c.workspace_id and x.company_id = c.id)::int as deal_count,
              (select count(*) from orders x where x.workspace_id = c.workspace_id and x.company_id = c.id)::int as order_count
              from companies c where c.workspace_id = ${ws} and c.id = any(${`{${ids.join(',')}}`}::uuid[])`,
            ),

    dismiss: (tx: Tx, row: typeof dqDismissals.$inferInsert) =>
      tx.insert(dqDismissals).values(row).onConflictDoNothing(),

    /** The whole row as JSON (exact timestamps), locked for the rest of the transaction. */
    rowJson: async (tx: Tx, type: EntityType, ws: string, id: string) =>
      (
        await rowsOf<{ row: Record<string, unknown> }>(
          tx,
          sql`select to_jsonb(t) as row from ${sql.raw(type)} t where t.workspace_id = ${ws} and t.id = ${id} for update`,
        )
      )[0]?.row ?? null,

    /** Moves every link from one record to another; returns what moved with its previous updated_at and its new row hash. */
    async moveLinks(tx: Tx, type: EntityType, ws: string, from: string, to: string, at: Date): Promise<MovedLinks> {
      const moved: MovedLinks = {};
      for (const l of await linksOf(tx, type)) {
        const t = sql.raw(`"${l.table}"`);
        const c = sql.raw(`"${l.column}"`);
        if (l.action === 'aside') {
          const gone = await rowsOf<{ row: Record<string, unknown> }>(
            tx,
            sql`delete from ${t} x where x.workspace_id = ${ws} and x.${c} = ${from} returning to_jsonb(x) as row`,
          );
          if (gone.length)
            moved[`aside:${l.table}.${l.column}`] = gone.map((g) => ({
              id: String(g.row.id ?? ''),
              updatedAt: null,
              hash: '',
              row: g.row,
            }));
          continue;
        }
        const before = await rowsOf<{ id: string; updated_at: string | null }>(
          tx,
          sql`select id, ${l.hasUpdatedAt ? sql`to_jsonb(updated_at) #>> '{}'` : sql`null`} as updated_at
          from ${t} where workspace_id = ${ws} and ${c} = ${from} order by id for update`,
        );
        if (before.length === 0) continue;
        const ids = `{${before.map((r) => r.id).join(',')}}`;
        const after = await rowsOf<{ id: string; hash: string }>(
          tx,
          sql`update ${t} set ${c} = ${to}${l.hasUpdatedAt ? sql`, updated_at = ${at}` : sql``}
          where workspace_id = ${ws} and id = any(${ids}::uuid[]) returning id, md5(to_jsonb(${t}.*)::text) as hash`,
        ).catch((e: { code?: string; cause?: { code?: string } }) => {
          // A partial unique index (one active sequence enrolment per contact and sequence) held by both records.
          if ((e.code ?? e.cause?.code) === '23505')
            throw new AppError(
              'conflict',
              `These two records cannot be merged yet: both have an active ${l.table.replace(/_/g, ' ')} row that may exist only once (for example, both are in the same sequence). End one of them first.`,
              { field: l.table },
            );
          throw e;
        });
        const hash = new Map(after.map((r) => [r.id, r.hash]));
        moved[`${l.table}.${l.column}`] = before.map((r) => ({
          id: r.id,
          updatedAt: r.updated_at,
          hash: hash.get(r.id) ?? '',
        }));
      }
      return moved;
    },

    /** For undo: the moved rows that are no longer exactly as the merge left them (changed, re-linked or deleted). */
    async changedMoved(tx: Tx, ws: string, moved: MovedLinks) {
      const changed: { link: string; ids: string[] }[] = [];
      for (const [link, list] of Object.entries(moved)) {
        const [table] = link.split('.') as [string];
        const current = await rowsOf<{ id: string; hash: string }>(
          tx,
          sql`select id, md5(to_jsonb(t.*)::text) as hash from ${sql.raw(table)} t
          where workspace_id = ${ws} and id = any(${`{${list.map((r) => r.id).join(',')}}`}::uuid[]) for update`,
        );
        const now = new Map(current.map((r) => [r.id, r.hash]));
        const ids = list.filter((r) => now.get(r.id) !== r.hash).map((r) => r.id);
        if (ids.length) changed.push({ link, ids });
      }
      return changed;
    },

    /** Undo of a set-aside: the rows go back as they were (unless something took their place since). */
    async restoreAside(tx: Tx, moved: MovedLinks) {
      for (const [link, list] of Object.entries(moved)) {
        if (!link.startsWith('aside:')) continue;
        const table = sql.raw(`"${link.slice(6).split('.')[0]!}"`);
        const images = JSON.stringify(list.map((r) => r.row));
        await tx.execute(
          sql`insert into ${table} select r.* from jsonb_array_elements(${images}::jsonb) as e(v), jsonb_populate_record(null::${table}, e.v) r on conflict do nothing`,
        );
      }
    },

    async moveBack(tx: Tx, ws: string, moved: MovedLinks, loserId: string) {
      for (const [link, list] of Object.entries(moved)) {
        const [table, column] = link.split('.') as [string, string];
        const hasUpdatedAt = list.some((r) => r.updatedAt !== null);
        await tx.execute(sql`update ${sql.raw(table)} t set ${sql.raw(column)} = ${loserId}${hasUpdatedAt ? sql`, updated_at = x.updated_at` : sql``}
          from jsonb_to_recordset(${JSON.stringify(list.map((r) => ({ id: r.id, updated_at: r.updatedAt })))}::jsonb) as x(id uuid, updated_at timestamptz)
          where t.workspace_id = ${ws} and t.id = x.id`);
      }
    },

    /** Overwrites a row with a stored JSON image of it (every column but the key). */
    restoreRow: (tx: Tx, type: EntityType, row: Record<string, unknown>) => {
      const cols = columnNames(tableOf(type)).filter((c) => c !== 'id' && c !== 'workspace_id');
      const set = sql.raw(cols.map((c) => `"${c}" = r."${c}"`).join(', '));
      return tx.execute(sql`update ${sql.raw(type)} t set ${set} from jsonb_populate_record(null::${sql.raw(type)}, ${JSON.stringify(row)}::jsonb) r
        where t.id = r.id and t.workspace_id = r.workspace_id`);
    },
    insertRow: (tx: Tx, type: EntityType, row: Record<string, unknown>) =>
      tx.execute(
        sql`insert into ${sql.raw(type)} select * from jsonb_populate_record(null::${sql.raw(type)}, ${JSON.stringify(row)}::jsonb)`,
      ),
    deleteRow: (tx: Tx, type: EntityType, ws: string, id: string) =>
      tx.execute(sql`delete from ${sql.raw(type)} where workspace_id = ${ws} and id = ${id}`),
    rowEquals: async (tx: Tx, type: EntityType, ws: string, id: string, row: Record<string, unknown>) =>
      (
        await rowsOf<{ same: boolean }>(
          tx,
          sql`select to_jsonb(t) = ${JSON.stringify(row)}::jsonb as same from ${sql.raw(type)} t where t.workspace_id = ${ws} and t.id = ${id}`,
        )
      )[0]?.same ?? false,

    insertMerge: async (tx: Tx, row: typeof dqMerges.$inferInsert) =>
      (await tx.insert(dqMerges).values(row).returning())[0]!,
    merge: async (tx: Tx, ws: string, id: string) =>
      (
        await tx
          .select()
          .from(dqMerges)
          .where(and(eq(dqMerges.workspaceId, ws), eq(dqMerges.id, id)))
          .for('update')
      )[0] ?? null,
    /** The live merge that removed this record, if any. */
    mergedAway: async (tx: Tx, ws: string, loserId: string) =>
      (
        await tx
          .select()
          .from(dqMerges)
          .where(and(eq(dqMerges.workspaceId, ws), eq(dqMerges.loserId, loserId), sql`${dqMerges.undoneAt} is null`))
      )[0] ?? null,
    markUndone: (tx: Tx, id: string, at: Date, by: string) =>
      tx.update(dqMerges).set({ undoneAt: at, undoneBy: by }).where(eq(dqMerges.id, id)),
    recentMerges: (db: Tx, ws: string, limit: number) =>
      rowsOf<{
        id: string;
        entity_type: string;
        survivor_id: string;
        loser_id: string;
        merged_by: string;
        merged_at: string;
        undone_at: string | null;
        loser_name: string | null;
        survivor_name: string | null;
        moved: MovedLinks;
      }>(
        db,
        sql`select m.id, m.entity_type, m.survivor_id, m.loser_id, m.merged_by, m.merged_at, m.undone_at, m.moved,
          coalesce(m.loser_row->>'name', concat_ws(' ', m.loser_row->>'first_name', m.loser_row->>'last_name')) as loser_name,
          coalesce(m.survivor_after->>'name', concat_ws(' ', m.survivor_after->>'first_name', m.survivor_after->>'last_name')) as survivor_name
          from dq_merges m where m.workspace_id = ${ws} order by m.merged_at desc, m.id limit ${limit}`,
      ),
  };
}
export type DataQualityRepo = ReturnType<typeof createDataQualityRepo>;

const columnNames = (table: PgTable) => Object.values(getTableColumns(table)).map((c) => c.name);
