import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db, type Tx } from '../../platform/db';
import { privacyRetentionPolicies, privacySettings, privacySuppressions } from './privacy.schema';

/** A column of a workspace-scoped table, as the database describes it. */
export type ColumnInfo = { name: string; kind: 'uuid' | 'text' | 'jsonb' | 'array' | 'other' };
export type TableInfo = { name: string; columns: ColumnInfo[] };
export type ContactReference = { table: string; column: string; deleteRule: string };

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/**
 * The privacy read/write model (decision 0140): the access export and the erasure must reach every table that holds a
 * person's data, including tables added later by other modules, so they read the table list from the database's own
 * catalogue (information_schema) instead of importing every module's schema.
 */
export function createPrivacyRepo(db: Db) {
  let tablesCache: TableInfo[] | null = null;
  let referencesCache: ContactReference[] | null = null;

  return {
    /** Every base table of the public schema that has a workspace_id column, with its columns. */
    async workspaceTables(tx: Tx = db): Promise<TableInfo[]> {
      if (tablesCache) return tablesCache;
      const rows = await rowsOf<{ table_name: string; column_name: string; data_type: string }>(
        tx,
        sql`
        select c.table_name, c.column_name, c.data_type from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
          and exists (select 1 from information_schema.columns w where w.table_schema = 'public' and w.table_name = c.table_name and w.column_name = 'workspace_id')
        order by c.table_name, c.ordinal_position`,
      );
      const byTable = new Map<string, ColumnInfo[]>();
      for (const r of rows) {
        const kind =
          r.data_type === 'uuid'
            ? 'uuid'
            : r.data_type === 'text' || r.data_type === 'character varying'
              ? 'text'
              : r.data_type === 'jsonb' || r.data_type === 'json'
                ? 'jsonb'
                : r.data_type === 'ARRAY'
                  ? 'array'
                  : 'other';
        const list = byTable.get(r.table_name) ?? [];
        list.push({ name: r.column_name, kind });
        byTable.set(r.table_name, list);
      }
      tablesCache = [...byTable].map(([name, columns]) => ({ name, columns }));
      return tablesCache;
    },

    /** Foreign keys that point at contacts.id, with their ON DELETE rule. */
    async contactReferences(tx: Tx = db): Promise<ContactReference[]> {
      if (referencesCache) return referencesCache;
      referencesCache = (
        await rowsOf<{ table_name: string; column_name: string; delete_rule: string }>(
          tx,
          sql`
        select kcu.table_name, kcu.column_name, rc.delete_rule
        from information_schema.referential_constraints rc
        join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
        join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.constraint_name and ccu.constraint_schema = rc.constraint_schema
        where rc.constraint_schema = 'public' and ccu.table_name = 'contacts' and ccu.column_name = 'id'
        order by kcu.table_name, kcu.column_name`,
        )
      ).map((r) => ({ table: r.table_name, column: r.column_name, deleteRule: r.delete_rule }));
      return referencesCache;
    },

    /**
     * Rows of one table that are about the person: a uuid column holds their id, or a text/JSON column contains their
     * id, or matches `identifiers` (a regular expression of their email and phone).
     */
    aboutCondition(table: TableInfo, contactId: string, identifiers: string | null) {
      const parts = table.columns.flatMap((c) => {
        if (c.name === 'workspace_id' || (c.name === 'id' && table.name !== 'contacts')) return [];
        if (c.kind === 'uuid') return [sql`${ident(c.name)} = ${contactId}::uuid`];
        if (c.kind === 'text' || c.kind === 'jsonb' || c.kind === 'array') {
          const asText = c.kind === 'text' ? ident(c.name) : sql`${ident(c.name)}::text`;
          const byId = sql`strpos(${asText}, ${contactId}) > 0`;
          return identifiers ? [byId, sql`${asText} ~* ${identifiers}`] : [byId];
        }
        return [];
      });
      return parts.length ? sql.join(parts, sql` or `) : sql`false`;
    },

    async rowsAbout(
      tx: Tx,
      workspaceId: string,
      table: TableInfo,
      contactId: string,
      identifiers: string | null,
      limit: number,
    ) {
      return rowsOf<Record<string, unknown>>(
        tx,
        sql`select * from ${ident(table.name)}
        where workspace_id = ${workspaceId} and (${this.aboutCondition(table, contactId, identifiers)}) limit ${limit}`,
      );
    },

    /**
     * Replaces the person's values in one table: in rows about them every identifier (names, email, phone, free-text
     * values), elsewhere only the strong ones (email, phone). Returns how many rows changed.
     */
    async redactTable(
      tx: Tx,
      workspaceId: string,
      table: TableInfo,
      contactId: string,
      patterns: { all: { text: string; json: string }; strong: { text: string; json: string } | null },
    ) {
      // The audit log's identity columns must not change (its trigger allows before/after only).
      const cols = table.columns.filter(
        (c) =>
          (c.kind === 'text' || c.kind === 'jsonb' || c.kind === 'array') &&
          (table.name !== 'audit_log' || c.name === 'before' || c.name === 'after'),
      );
      if (cols.length === 0) return 0;
      const about = this.aboutCondition(table, contactId, patterns.strong?.text ?? null);
      const replaced = (c: ColumnInfo, p: { text: string; json: string }) =>
        c.kind === 'text'
          ? sql`regexp_replace(${ident(c.name)}, ${p.text}, '(erased)', 'gi')`
          : c.kind === 'jsonb'
            ? sql`regexp_replace(${ident(c.name)}::text, ${p.json}, '(erased)', 'gi')::jsonb`
            : sql`regexp_replace(${ident(c.name)}::text, ${p.text}, '(erased)', 'gi')::text[]`;
      const sets = cols.map((c) => {
        const inAbout = replaced(c, patterns.all);
        const elsewhere = patterns.strong ? replaced(c, patterns.strong) : ident(c.name);
        return sql`${ident(c.name)} = case when ${about} then ${inAbout} else ${elsewhere} end`;
      });
      const strongAnywhere = patterns.strong
        ? sql.join(
            cols.map(
              (c) =>
                sql`${c.kind === 'text' ? ident(c.name) : sql`${ident(c.name)}::text`} ~* ${c.kind === 'jsonb' ? patterns.strong!.json : patterns.strong!.text}`,
            ),
            sql` or `,
          )
        : sql`false`;
      const rows = await rowsOf<{ n: number }>(
        tx,
        sql`with changed as (update ${ident(table.name)} set ${sql.join(sets, sql`, `)}
        where workspace_id = ${workspaceId} and ((${about}) or (${strongAnywhere})) returning 1) select count(*)::int as n from changed`,
      );
      return rows[0]?.n ?? 0;
    },

    /**
     * Earlier versions of a contact's fields: the before/after of its audit entries and the values an import
     * replaced (kept for revert). Named read model over audit_log and import_records (decision 0140).
     */
    async pastVersions(tx: Tx, workspaceId: string, contactId: string) {
      const rows = await rowsOf<{ v: unknown }>(
        tx,
        sql`
        select before as v from audit_log where workspace_id = ${workspaceId} and entity_id = ${contactId} and before is not null
        union all select after from audit_log where workspace_id = ${workspaceId} and entity_id = ${contactId} and after is not null
        union all select before from import_records where workspace_id = ${workspaceId} and entity_id = ${contactId}::uuid and before is not null`,
      );
      return rows
        .map((r) => r.v)
        .filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v));
    },

    /**
     * The text and JSON values of rows that go with the contact (foreign keys that cascade or restrict: their notes,
     * subjects...). Rows that stay as anonymous business records (ON DELETE SET NULL: deals, orders) are left out.
     */
    async referencingValues(tx: Tx, workspaceId: string, contactId: string) {
      const tables = await this.workspaceTables(tx);
      const out: unknown[] = [];
      for (const ref of (await this.contactReferences(tx)).filter(
        (r) => r.deleteRule !== 'SET NULL' && r.deleteRule !== 'SET DEFAULT',
      )) {
        const cols =
          tables
            .find((x) => x.name === ref.table)
            ?.columns.filter((c) => c.kind === 'text' || c.kind === 'jsonb' || c.kind === 'array') ?? [];
        if (cols.length === 0) continue;
        const rows = await rowsOf<Record<string, unknown>>(
          tx,
          sql`select ${sql.join(
            cols.map((c) => ident(c.name)),
            sql`, `,
          )} from ${ident(ref.table)}
          where workspace_id = ${workspaceId} and ${ident(ref.column)} = ${contactId}::uuid`,
        );
        for (const r of rows) out.push(...Object.values(r));
      }
      return out;
    },

    /** Lets this transaction redact audit entries (the append-only trigger checks this transaction-local flag). */
    allowAuditRedaction: (tx: Tx) => rowsOf(tx, sql`select set_config('pipewise.audit_redaction', 'on', true)`),

    /** Rows a foreign key with ON DELETE NO ACTION/RESTRICT would keep the contact from being deleted by. */
    deleteReferencing: async (tx: Tx, workspaceId: string, ref: ContactReference, contactId: string) =>
      (
        await rowsOf<{ n: number }>(
          tx,
          sql`with gone as (delete from ${ident(ref.table)} where workspace_id = ${workspaceId} and ${ident(ref.column)} = ${contactId}::uuid returning 1) select count(*)::int as n from gone`,
        )
      )[0]?.n ?? 0,

    deleteContact: (tx: Tx, workspaceId: string, contactId: string) =>
      rowsOf(tx, sql`delete from contacts where workspace_id = ${workspaceId} and id = ${contactId}::uuid`),

    /** Values of one column for a search test or the notice: no other use. */
    settings: async (tx: Tx, workspaceId: string) =>
      (await tx.select().from(privacySettings).where(eq(privacySettings.workspaceId, workspaceId)))[0],
    insertSettings: (tx: Tx, row: typeof privacySettings.$inferInsert) =>
      tx.insert(privacySettings).values(row).onConflictDoNothing(),
    updateNotice: (tx: Tx, workspaceId: string, notice: Record<string, unknown>, at: Date) =>
      tx.update(privacySettings).set({ notice, updatedAt: at }).where(eq(privacySettings.workspaceId, workspaceId)),

    suppressionHashes: async (tx: Tx, workspaceId: string, kind: 'email' | 'phone', hashes: string[]) =>
      hashes.length
        ? (
            await tx
              .select({ hash: privacySuppressions.hash })
              .from(privacySuppressions)
              .where(
                and(
                  eq(privacySuppressions.workspaceId, workspaceId),
                  eq(privacySuppressions.kind, kind),
                  inArray(privacySuppressions.hash, hashes),
                ),
              )
          ).map((r) => r.hash)
        : [],
    allSuppressions: (tx: Tx, workspaceId: string) =>
      tx
        .select({ kind: privacySuppressions.kind, hash: privacySuppressions.hash })
        .from(privacySuppressions)
        .where(eq(privacySuppressions.workspaceId, workspaceId)),
    countSuppressions: async (workspaceId: string) =>
      (
        await rowsOf<{ n: number }>(
          db,
          sql`select count(*)::int as n from privacy_suppressions where workspace_id = ${workspaceId}`,
        )
      )[0]?.n ?? 0,
    insertSuppressions: (tx: Tx, rows: (typeof privacySuppressions.$inferInsert)[]) =>
      rows.length ? tx.insert(privacySuppressions).values(rows).onConflictDoNothing() : Promise.resolve(),
    deleteSuppressions: async (tx: Tx, workspaceId: string, kind: 'email' | 'phone', hash: string) =>
      (
        await tx
          .delete(privacySuppressions)
          .where(
            and(
              eq(privacySuppressions.workspaceId, workspaceId),
              eq(privacySuppressions.kind, kind),
              eq(privacySuppressions.hash, hash),
            ),
          )
          .returning({ id: privacySuppressions.id })
      ).length,

    policies: (tx: Tx, workspaceId: string) =>
      tx.select().from(privacyRetentionPolicies).where(eq(privacyRetentionPolicies.workspaceId, workspaceId)),
    enabledPolicies: (tx: Tx = db) =>
      tx.select().from(privacyRetentionPolicies).where(eq(privacyRetentionPolicies.enabled, true)),
    upsertPolicy: (tx: Tx, row: typeof privacyRetentionPolicies.$inferInsert) =>
      tx
        .insert(privacyRetentionPolicies)
        .values(row)
        .onConflictDoUpdate({
          target: [privacyRetentionPolicies.workspaceId, privacyRetentionPolicies.kind],
          set: { months: row.months, enabled: row.enabled, updatedAt: row.updatedAt },
        })
        .returning(),
    markPolicyRun: (tx: Tx, id: string, at: Date, count: number) =>
      tx
        .update(privacyRetentionPolicies)
        .set({ lastRunAt: at, lastRunCount: count })
        .where(eq(privacyRetentionPolicies.id, id)),

    /**
     * Contacts with no sign of life since `before`: not updated, no activity, no order. A read across contacts,
     * activities and orders (named read model, decision 0140).
     */
    inactiveContacts: (tx: Tx, workspaceId: string, before: Date, limit: number) =>
      rowsOf<{ id: string }>(
        tx,
        sql`select c.id from contacts c
        where c.workspace_id = ${workspaceId} and c.updated_at < ${before.toISOString()}::timestamptz
          and not exists (select 1 from activities a where a.workspace_id = c.workspace_id and a.contact_id = c.id and a.occurred_at >= ${before.toISOString()}::timestamptz)
          and not exists (select 1 from orders o where o.workspace_id = c.workspace_id and o.contact_id = c.id and o.ordered_at >= ${before.toISOString()}::timestamptz)
        order by c.id limit ${limit}`,
      ),

    contactIdsByEmail: (tx: Tx, workspaceId: string, email: string) =>
      rowsOf<{ id: string }>(
        tx,
        sql`select id from contacts where workspace_id = ${workspaceId} and lower(email) = lower(${email}) order by created_at`,
      ),
    contactIdsWithConsent: async (workspaceId: string, column: string, state: string) =>
      (
        await rowsOf<{ id: string }>(
          db,
          sql`select id from contacts where workspace_id = ${workspaceId} and ${ident(column)}::text = ${state}`,
        )
      ).map((r) => r.id),

    /** What the notice says the workspace runs: active models and the latest segment run. */
    noticeFacts: async (workspaceId: string) => ({
      models: await rowsOf<{ target: string; family: string; version: number; activated_at: string | null }>(
        db,
        sql`select target, family, version, activated_at::text from scoring_models where workspace_id = ${workspaceId} and state = 'active' order by target`,
      ),
      segmentRuns:
        (
          await rowsOf<{ n: number }>(
            db,
            sql`select count(*)::int as n from segment_runs where workspace_id = ${workspaceId}`,
          )
        )[0]?.n ?? 0,
      contacts:
        (
          await rowsOf<{ n: number }>(
            db,
            sql`select count(*)::int as n from contacts where workspace_id = ${workspaceId}`,
          )
        )[0]?.n ?? 0,
      workspaceName:
        (await rowsOf<{ name: string }>(db, sql`select name from workspaces where id = ${workspaceId}`))[0]?.name ??
        null,
    }),
  };
}
export type PrivacyRepo = ReturnType<typeof createPrivacyRepo>;
