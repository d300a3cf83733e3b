import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError, notFound } from '../../platform/errors';
import { isUuid } from '../../platform/crud';
import { assertRole } from '../auth/access';
import { changedFields, type AuditService } from '../audit/audit.service';
import { workspaces } from '../workspaces/workspaces.schema';
import { contacts } from '../contacts/contacts.schema';
import { companies } from '../companies/companies.schema';
import { deals } from '../deals/deals.schema';
import { orderLines, orders } from '../orders/orders.schema';
import { products } from '../products/products.schema';
import { importRecords, importRejections, imports, type ImportCounts } from './imports.schema';
import { fieldsByType, isImportType, supportsCustomFields, type ImportType } from './mapping/fields';
import { presetByName, presets } from './mapping/presets';
import { fallback, overrideMapping, suggestMapping, type ColumnMapping } from './mapping/suggest';
import { FileShapeError, UploadReadError, readRows, sniffFile, type FileFormat } from './parse/read';
import { BinaryFileError, delimiters, type Delimiter } from './parse/sniff';
import { detectDateOrder, type DateOrder } from './normalise/date';
import { resolveMapping, transformRow, type Problem } from './transform';
import type { UploadStore } from './storage';
import { unnestInsert } from '../../platform/bulk-insert';
import { createCompanyLinker } from './apply/companies-link';
import { createRecordApplier } from './apply/records';
import { createOrdersApplier } from './apply/orders';
import { csvLine } from '../../platform/csv';
import { emptyResult, type ApplyContext, type BatchResult, type InputRow } from './apply/types';
import { chooseStage, firstPipelineStages, stageKey } from './apply/stages';
import { users } from '../auth/auth.schema';

const PREVIEW_ROWS = 20;
const CHECK_ROWS = 500;
const BATCH_ROWS: Record<ImportType, number> = { contacts: 2000, companies: 2000, deals: 1000, orders: 10_000 };

export type ImportRow = typeof imports.$inferSelect;
/** Deals: every distinct stage value of the file, how many rows have it, and what it becomes. */
export type StageValue = {
  value: string;
  rows: number;
  stageId: string | null;
  stageName: string | null;
  create: boolean;
  confidence: number;
  reason: string;
};
export type Preview = {
  headers: string[];
  rows: { row: number; cells: string[] }[];
  problems: (Problem & { row: number | null })[];
  dateOrder: DateOrder | null;
  stages?: { values: StageValue[]; options: { id: string; name: string; kind: string }[] };
};

const tables = { contact: contacts, company: companies, deal: deals, order: orders, product: products } as const;
/** Deletion order on revert: what references others goes first. */
const revertOrder = ['order', 'deal', 'contact', 'product', 'company'] as const;

class DryRunRollback extends Error {}

/** Records a kept record still points at (the revert deletes dependants first, so these are only kept ones). */
async function stillReferenced(tx: Tx, type: string, workspaceId: string, ids: string[]): Promise<string[]> {
  const refs: Record<string, [string, string][]> = {
    company: [
      ['contacts', 'company_id'],
      ['deals', 'company_id'],
      ['orders', 'company_id'],
    ],
    contact: [
      ['deals', 'contact_id'],
      ['orders', 'contact_id'],
    ],
    product: [['order_lines', 'product_id']],
  };
  const list = refs[type];
  if (!list || ids.length === 0) return [];
  const arr = `{${ids.join(',')}}`;
  const found = new Set<string>();
  for (const [table, col] of list) {
    const res = (await tx.execute(
      sql`SELECT DISTINCT ${sql.raw(`"${col}"`)} AS id FROM ${sql.raw(`"${table}"`)} WHERE workspace_id = ${workspaceId} AND ${sql.raw(`"${col}"`)} = ANY(${arr}::uuid[])`,
    )) as unknown as { rows?: { id: string }[] } | { id: string }[];
    for (const r of Array.isArray(res) ? res : (res.rows ?? [])) found.add(r.id);
  }
  return [...found];
}

/** Wraps file problems into our error shape, naming the row and column when known. */
function fileError(e: unknown): never {
  if (e instanceof FileShapeError)
    throw new AppError('validation', e.message, { field: 'file', row: e.row, column: e.column });
  if (e instanceof BinaryFileError || e instanceof UploadReadError)
    throw new AppError('validation', e.message, { field: 'file' });
  throw e;
}

/** The privacy module's blocklist for a workspace, loaded once per run: is this person erased (and not back)? */
export type SuppressionMatcherOf = (
  tx: Db,
  workspaceId: string,
) => Promise<(who: { email?: string | null; phone?: string | null }) => boolean>;

export function createImportsService({
  db,
  clock,
  audit,
  uploads,
  suppressionMatcher,
}: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  uploads: UploadStore;
  suppressionMatcher?: SuppressionMatcherOf;
}) {
  const sourceOf = (imp: ImportRow) => uploads.source(imp.workspaceId, imp.filePath);
  async function load(actor: Actor, id: string): Promise<ImportRow> {
    const row = isUuid(id)
      ? (
          await db
            .select()
            .from(imports)
            .where(and(eq(imports.workspaceId, actor.workspaceId), eq(imports.id, id)))
        )[0]
      : undefined;
    if (!row) throw notFound('Import', id);
    return row;
  }

  async function settingsOf(workspaceId: string) {
    const ws = (
      await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId))
    )[0];
    return { defaultCountry: ws?.settings.defaultCountry ?? 'US', currency: ws?.settings.currency ?? 'USD' };
  }

  /** The first rows, and the problems of the first 500 under the current mapping, without writing anything. */
  async function preview(imp: ImportRow): Promise<Preview> {
    const type = imp.type as ImportType;
    const format = imp.format as unknown as FileFormat;
    const rows: { row: number; cells: string[] }[] = [];
    const sample: { row: number; cells: string[] }[] = [];
    const problems: Preview['problems'] = [];
    try {
      for await (const ev of readRows(sourceOf(imp), format)) {
        if (ev.kind !== 'row') continue;
        if (rows.length < PREVIEW_ROWS)
          rows.push({ row: ev.row, cells: ev.cells.map((c) => (c.length > 200 ? c.slice(0, 200) + '…' : c)) });
        sample.push(ev);
        if (sample.length >= CHECK_ROWS) break;
      }
    } catch (e) {
      if (e instanceof FileShapeError)
        problems.push({ row: e.row ?? null, column: null, value: null, reason: e.message });
      else fileError(e);
    }
    if (sample.length === 0 && problems.length === 0)
      problems.push({ row: null, column: null, value: null, reason: 'The file has a header but no rows' });
    let dateOrder = imp.options.dateOrder ?? null;
    const mapped = resolveMapping(imp.headers, imp.mapping);
    if (!dateOrder) {
      const dateCols = mapped.filter((m) => fieldsByType[type].find((f) => f.key === m.target)?.kind === 'date');
      for (const m of dateCols) {
        const o = detectDateOrder(sample.map((s) => s.cells[m.index] ?? ''));
        if (o === 'conflict')
          problems.push({
            row: null,
            column: m.column,
            value: null,
            reason: 'the column mixes US (month first) and European (day first) dates',
          });
        else if (o) dateOrder = o;
      }
    }
    if (
      imp.headers.length === 1 &&
      delimiters.some((d) => d !== format.delimiter && (imp.headers[0] ?? '').includes(d))
    ) {
      problems.push({
        row: 1,
        column: imp.headers[0] ?? null,
        value: null,
        reason: `the whole header is one column: is the delimiter wrong? (read with "${format.delimiter}")`,
      });
    }
    const settings = await settingsOf(imp.workspaceId);
    for (const s of sample) {
      const v = transformRow(s.cells, mapped, {
        type,
        defaultCountry: imp.options.defaultCountry ?? settings.defaultCountry,
        dateOrder,
        columns: imp.headers.length,
      });
      for (const p of [...v.problems, ...v.warnings]) if (problems.length < 200) problems.push({ row: s.row, ...p });
    }
    const out: Preview = { headers: imp.headers, rows, problems, dateOrder };
    if (type === 'deals') {
      const extra = await dealValues(imp, mapped);
      out.stages = extra.stages;
      problems.unshift(...extra.problems);
    }
    return out;
  }

  /**
   * Deals: the stage values and owners of the whole file (not only the first rows: one unmapped stage value can be a
   * quarter of the file), with what each stage value becomes and which owners match no user.
   */
  async function dealValues(imp: ImportRow, mapped: ReturnType<typeof resolveMapping>) {
    const stageCol = mapped.find((m) => m.target === 'stage') ?? mapped.find((m) => m.target === 'status');
    const ownerCol = mapped.find((m) => m.target === 'owner');
    const stageCounts = new Map<string, { value: string; rows: number }>();
    const ownerCounts = new Map<string, { value: string; rows: number }>();
    const count = (map: Map<string, { value: string; rows: number }>, raw: string | undefined) => {
      const v = (raw ?? '').trim();
      if (!v) return;
      const e = map.get(stageKey(v)) ?? map.set(stageKey(v), { value: v, rows: 0 }).get(stageKey(v))!;
      e.rows++;
    };
    if (stageCol || ownerCol) {
      try {
        for await (const ev of readRows(sourceOf(imp), imp.format as unknown as FileFormat)) {
          if (ev.kind !== 'row') continue;
          if (stageCol) count(stageCounts, ev.cells[stageCol.index]);
          if (ownerCol) count(ownerCounts, ev.cells[ownerCol.index]);
        }
      } catch (e) {
        if (!(e instanceof FileShapeError)) throw e; // reported by the preview already
      }
    }
    const all = await firstPipelineStages(db, imp.workspaceId);
    const map = imp.options.stageMap ?? {};
    const values: StageValue[] = [...stageCounts.values()]
      .sort((a, b) => b.rows - a.rows)
      .map(({ value, rows }) => {
        const c = chooseStage(value, all, map);
        if (!c)
          return {
            value,
            rows,
            stageId: null,
            stageName: null,
            create: false,
            confidence: 0,
            reason: 'no stage like it: map it to a stage or create it (until then these rows are rejected)',
          };
        if ('create' in c)
          return { value, rows, stageId: null, stageName: c.name, create: true, confidence: 1, reason: c.reason };
        return {
          value,
          rows,
          stageId: c.stageId,
          stageName: c.name,
          create: false,
          confidence: c.confidence,
          reason: c.reason,
        };
      });
    const problems: Preview['problems'] = [];
    for (const v of values.filter((x) => !x.stageId && !x.create)) {
      problems.push({
        row: null,
        column: stageCol!.column,
        value: v.value,
        reason: `${v.rows.toLocaleString('en')} rows have stage "${v.value}", which matches no stage: map it to a stage or create it`,
      });
    }
    if (ownerCounts.size) {
      const known = await db
        .select({ email: users.email, name: users.name })
        .from(users)
        .where(eq(users.workspaceId, imp.workspaceId));
      const names = new Set(known.flatMap((u) => [u.email.toLowerCase(), (u.name ?? '').toLowerCase()]));
      for (const o of ownerCounts.values()) {
        if (!names.has(o.value.toLowerCase()) && problems.length < 200)
          problems.push({
            row: null,
            column: ownerCol!.column,
            value: o.value,
            reason: `owner "${o.value}" (${o.rows.toLocaleString('en')} rows) matches no user by email or name: these deals are imported without an owner`,
          });
      }
    }
    return { stages: { values, options: all.map((s) => ({ id: s.id, name: s.name, kind: s.kind })) }, problems };
  }

  function validateMapping(type: ImportType, headers: string[], mapping: { column: string; target: string }[]) {
    const keys = new Set(fieldsByType[type].map((f) => f.key));
    const used = new Map<string, string>();
    for (const m of mapping) {
      if (!headers.includes(m.column))
        throw new AppError(
          'validation',
          `The mapping names column "${m.column}", which is not in the file (columns: ${headers.join(', ')})`,
          { field: 'mapping', column: m.column },
        );
      const t = m.target;
      if (t === 'skip') continue;
      if (t.startsWith('custom:')) {
        if (!supportsCustomFields(type))
          throw new AppError(
            'validation',
            `Column "${m.column}": ${type} have no custom fields; map it to a field or skip it`,
            { field: 'mapping', column: m.column },
          );
        if (!/^custom:[a-z0-9_]{1,60}$/.test(t))
          throw new AppError(
            'validation',
            `Column "${m.column}": custom field names use a-z, 0-9 and _ (got "${t.slice(7)}")`,
            { field: 'mapping', column: m.column },
          );
        continue;
      }
      if (!keys.has(t))
        throw new AppError(
          'validation',
          `Column "${m.column}": "${t}" is not a ${type} field (fields: ${[...keys].join(', ')})`,
          { field: 'mapping', column: m.column },
        );
      if (used.has(t))
        throw new AppError('validation', `Columns "${used.get(t)}" and "${m.column}" both map to ${t}: keep one`, {
          field: 'mapping',
          column: m.column,
        });
      used.set(t, m.column);
    }
    for (const h of headers) if (!mapping.some((m) => m.column === h)) mapping.push({ column: h, target: 'skip' });
  }

  async function writeBatch(
    tx: Tx,
    imp: ImportRow,
    res: BatchResult,
    lastRow: number,
    counts: ImportCounts,
    summary: Record<string, number>,
    now: Date,
  ) {
    if (res.records.length) {
      // One entry per record: the first action stands, and the earliest value of each field is the one to restore.
      const byKey = new Map<string, (typeof res.records)[number]>();
      for (const r of res.records) {
        const k = `${r.entityType}:${r.entityId}`;
        const prev = byKey.get(k);
        if (!prev) byKey.set(k, r);
        else if (r.before) prev.before = { ...r.before, ...(prev.before ?? {}) };
      }
      const list = [...byKey.values()].map((r) => ({
        workspaceId: imp.workspaceId,
        importId: imp.id,
        entityType: r.entityType,
        entityId: r.entityId,
        action: r.action,
        before: r.before ?? null,
        afterUpdatedAt: now,
      }));
      for (let i = 0; i < list.length; i += 20_000) {
        await tx.execute(
          sql`${unnestInsert(importRecords, list.slice(i, i + 20_000))} ON CONFLICT (import_id, entity_type, entity_id) DO UPDATE SET after_updated_at = excluded.after_updated_at, before = coalesce(import_records.before, '{}'::jsonb) || coalesce(excluded.before, '{}'::jsonb) || coalesce(import_records.before, '{}'::jsonb)`,
        );
      }
    }
    if (res.rejections.length) {
      for (let i = 0; i < res.rejections.length; i += 2000) {
        await tx.insert(importRejections).values(
          res.rejections.slice(i, i + 2000).map((r) => ({
            workspaceId: imp.workspaceId,
            importId: imp.id,
            row: r.row,
            column: r.problem.column,
            value: r.problem.value?.slice(0, 500) ?? null,
            reason: r.problem.reason,
            cells: r.cells.map((c) => (c.length > 10_000 ? c.slice(0, 10_000) + '…' : c)),
          })),
        );
      }
    }
    await tx.update(imports).set({ cursor: lastRow, counts, summary }).where(eq(imports.id, imp.id));
  }

  /** The job: reads the file from the committed cursor on, in batches, each batch one transaction with its bookkeeping. */
  async function run(actor: Actor, id: string, progress: (f: number, m?: string) => Promise<void>) {
    let imp = await load(actor, id);
    if (imp.status === 'done' || imp.status === 'reverted')
      return { importId: imp.id, status: imp.status, counts: imp.counts };
    const type = imp.type as ImportType;
    const format = imp.format as unknown as FileFormat;
    const dryRun = imp.dryRun === 'yes';
    const mapped = resolveMapping(imp.headers, imp.mapping);
    // A first pass checks the whole file's shape (an unclosed quote near the end) and counts rows, before any write.
    let total = 0;
    try {
      for await (const ev of readRows(sourceOf(imp), format)) if (ev.kind === 'row') total++;
    } catch (e) {
      await db
        .update(imports)
        .set({ status: 'failed', error: e instanceof Error ? e.message : String(e), finishedAt: clock.now() })
        .where(eq(imports.id, imp.id));
      fileError(e);
    }
    if (total === 0) {
      await db
        .update(imports)
        .set({ status: 'failed', error: 'The file has a header but no rows', finishedAt: clock.now() })
        .where(eq(imports.id, imp.id));
      throw new AppError('validation', 'The file has a header but no rows', { field: 'file' });
    }
    const pv = imp.options.dateOrder ? null : await preview(imp);
    const dateOrder = imp.options.dateOrder ?? pv?.dateOrder ?? null;
    const settings = await settingsOf(imp.workspaceId);
    await db
      .update(imports)
      .set({ status: 'running', rowsTotal: total, startedAt: imp.startedAt ?? clock.now(), error: null })
      .where(eq(imports.id, imp.id));
    imp = await load(actor, id);
    const fresh = dryRun || imp.cursor <= 1; // a first run starts from zero (a dry run's figures are not carried over)
    const counts: ImportCounts = fresh
      ? { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 }
      : { ...imp.counts };
    const summary: Record<string, number> = fresh ? {} : { ...imp.summary };
    const startAfter = dryRun ? 1 : imp.cursor;
    let expectedCursor = startAfter;
    const linker = createCompanyLinker();
    const applier = type === 'orders' ? createOrdersApplier() : createRecordApplier(type, linker);
    if (type === 'orders' && startAfter > 1) {
      const ids = await db
        .select({ id: importRecords.entityId })
        .from(importRecords)
        .where(and(eq(importRecords.importId, imp.id), eq(importRecords.entityType, 'order')));
      (applier as ReturnType<typeof createOrdersApplier>).restoreTouched(ids.map((r) => r.id));
    }
    const byTarget = new Map(imp.mapping.map((m) => [m.target, m.column]));
    const aliases: Record<string, string[]> = {
      firstName: ['fullName'],
      lastName: ['fullName'],
      consentMarketingEmail: ['marketingConsent', 'doNotEmail'],
      stageId: ['stage', 'status'],
      expectedCloseDate: ['closeDate'],
      companyId: ['company', 'website'],
      contactId: ['contactEmail'],
      ownerId: ['owner'],
    };
    const columnFor = (field: string) =>
      [field, ...(aliases[field] ?? [])].map((f) => byTarget.get(f)).find(Boolean) ?? field;
    const isSuppressed =
      type === 'contacts' && suppressionMatcher ? await suppressionMatcher(db, imp.workspaceId) : undefined;
    const ctxBase = {
      columnFor,
      actor,
      audit,
      workspaceId: imp.workspaceId,
      importId: imp.id,
      currency: settings.currency,
      dryRun,
      stageMap: imp.options.stageMap ?? {},
      isSuppressed,
    };
    const tctx = {
      type,
      defaultCountry: imp.options.defaultCountry ?? settings.defaultCountry,
      dateOrder,
      columns: imp.headers.length,
    };
    let batch: InputRow[] = [];
    const tally = (rows: InputRow[], r: BatchResult) => {
      counts.read += rows.length;
      counts.created += r.outcomes.created;
      counts.updated += r.outcomes.updated;
      counts.unchanged += r.outcomes.unchanged;
      counts.rejected += r.rejections.length;
      const rejected = new Set(r.rejections.map((x) => x.row));
      const flagged = rows.reduce((n, x) => n + (rejected.has(x.row) ? 0 : x.values.warnings.length), 0);
      if (flagged) summary.cellsFlagged = (summary.cellsFlagged ?? 0) + flagged;
      for (const [k, v] of Object.entries(r.summary)) summary[k] = (summary[k] ?? 0) + v;
    };
    // A dry run applies every batch in one transaction that is rolled back at the end (so later batches see what
    // earlier ones would have written), keeping only the counts and the rejected rows.
    let dryTx: Tx | null = null;
    const dryRejections: BatchResult['rejections'] = [];
    const flush = async () => {
      if (!batch.length) return;
      const rows = batch;
      batch = [];
      const lastRow = rows.at(-1)!.row;
      if (dryTx) {
        const r = await applier.apply({ ...ctxBase, tx: dryTx, now: clock.now() }, rows);
        tally(rows, r);
        dryRejections.push(...r.rejections);
        return; // no progress writes: on PGlite the one connection is this transaction's
      }
      await db.transaction(async (tx) => {
        // Optimistic claim: a second runner of the same import (a double click, a retry racing a live run) finds the
        // cursor moved and stops, so no row is applied twice.
        const cur = (
          await tx.select({ cursor: imports.cursor }).from(imports).where(eq(imports.id, imp.id)).for('update')
        )[0];
        if (cur?.cursor !== expectedCursor)
          throw new AppError(
            'conflict',
            `Import ${imp.id} is being run by another process (at row ${cur?.cursor}); nothing was applied twice`,
          );
        const ctx: ApplyContext = { ...ctxBase, tx, now: clock.now() };
        const r = await applier.apply(ctx, rows);
        tally(rows, r);
        await writeBatch(tx, imp, r, lastRow, counts, summary, ctx.now);
      });
      expectedCursor = lastRow;
      await progress(counts.read / total, `${counts.read.toLocaleString('en')} of ${total.toLocaleString('en')} rows`);
    };
    if (!dryRun && startAfter > 1) counts.read = imp.counts.read;
    if (fresh) await db.delete(importRejections).where(eq(importRejections.importId, imp.id));
    const readAll = async () => {
      for await (const ev of readRows(sourceOf(imp), format)) {
        if (ev.kind !== 'row' || ev.row <= startAfter) continue;
        batch.push({ row: ev.row, cells: ev.cells, values: transformRow(ev.cells, mapped, tctx) });
        if (batch.length >= BATCH_ROWS[type]) await flush();
      }
      await flush();
    };
    try {
      if (dryRun) {
        await db
          .transaction(async (tx) => {
            dryTx = tx;
            await readAll();
            throw new DryRunRollback();
          })
          .catch((e) => {
            if (!(e instanceof DryRunRollback)) throw e;
          });
        dryTx = null;
        for (let i = 0; i < dryRejections.length; i += 5000) {
          const part = dryRejections.slice(i, i + 5000);
          await db.transaction((tx) =>
            writeBatch(tx, imp, { ...emptyResult(), rejections: part }, 1, counts, summary, clock.now()),
          );
        }
        await db.update(imports).set({ cursor: 1, counts, summary }).where(eq(imports.id, imp.id));
      } else {
        await readAll();
      }
    } catch (e) {
      // Committed batches stay (and are revertible); the import can be run again to resume after its cursor.
      if (!(e instanceof AppError && e.code === 'conflict')) {
        await db
          .update(imports)
          .set({
            status: dryRun ? 'draft' : 'failed',
            error: dryRun
              ? `Dry run stopped: ${e instanceof Error ? e.message : String(e)}`
              : `${e instanceof Error ? e.message : String(e)} (rows up to ${expectedCursor} are applied; run again to resume)`,
            finishedAt: clock.now(),
          })
          .where(eq(imports.id, imp.id));
      }
      throw e;
    }
    const finished = {
      status: (dryRun ? 'draft' : 'done') as 'draft' | 'done',
      finishedAt: clock.now(),
      counts,
      summary,
    };
    await db.transaction(async (tx) => {
      await tx.update(imports).set(finished).where(eq(imports.id, imp.id));
      if (!dryRun)
        await audit.record(tx, actor, {
          action: 'import.complete',
          entityType: 'import',
          entityId: imp.id,
          after: { counts, summary },
        });
    });
    await progress(1, 'done');
    return { importId: imp.id, status: finished.status, dryRun, counts, summary };
  }

  return {
    presets: () => presets.map((p) => ({ name: p.name, label: p.label, type: p.type })),
    fields: (type: ImportType) => fieldsByType[type].map((f) => ({ key: f.key, label: f.label, kind: f.kind })),

    /** Stores the upload, reads its shape and proposes a mapping. Nothing but the import's own row is written. */
    async upload(
      actor: Actor,
      input: {
        type: string;
        fileName: string;
        body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
        preset?: string;
        delimiter?: string;
      },
    ) {
      assertRole(actor, 'admin');
      if (!isImportType(input.type))
        throw new AppError(
          'validation',
          `Import type must be one of contacts, companies, deals, orders (got "${input.type}")`,
          { field: 'type' },
        );
      if (input.preset && input.preset !== 'generic' && !presetByName(input.preset))
        throw new AppError(
          'validation',
          `Unknown preset "${input.preset}" (presets: generic, ${presets.map((p) => p.name).join(', ')})`,
          { field: 'preset' },
        );
      if (input.preset && input.preset !== 'generic' && presetByName(input.preset)!.type !== input.type)
        throw new AppError(
          'validation',
          `Preset "${input.preset}" is for ${presetByName(input.preset)!.type}, not ${input.type}`,
          { field: 'preset' },
        );
      if (input.delimiter && !(delimiters as readonly string[]).includes(input.delimiter))
        throw new AppError('validation', 'The delimiter must be one of , ; | or a tab', { field: 'delimiter' });
      const id = crypto.randomUUID();
      const { ref: file, size } = await uploads.save(actor.workspaceId, id, input.body);
      const source = uploads.source(actor.workspaceId, file);
      try {
        if (size === 0) throw new AppError('validation', 'The file is empty', { field: 'file' });
        const format = await sniffFile(source, input.delimiter as Delimiter | undefined).catch(fileError);
        let headers: string[] | null = null;
        try {
          for await (const ev of readRows(source, format)) {
            if (ev.kind === 'header') {
              headers = ev.columns;
              break;
            }
          }
        } catch (e) {
          fileError(e);
        }
        if (!headers || headers.every((h) => !h))
          throw new AppError('validation', 'The file is empty', { field: 'file' });
        const dup = headers.find((h, i) => h && headers!.indexOf(h) !== i);
        if (dup)
          throw new AppError('validation', `Row 1: column "${dup}" appears twice in the header; rename one`, {
            field: 'file',
            row: 1,
            column: dup,
          });
        const suggestion = suggestMapping(input.type, headers, input.preset ?? null);
        const row = await db.transaction(async (tx) => {
          const r = (
            await tx
              .insert(imports)
              .values({
                id,
                workspaceId: actor.workspaceId,
                type: input.type,
                fileName: input.fileName.slice(0, 200),
                filePath: file,
                fileSize: size,
                format: format as unknown as Record<string, unknown>,
                headers,
                preset: suggestion.preset,
                mapping: suggestion.columns,
                createdBy: actor.name,
                createdAt: clock.now(),
              })
              .returning()
          )[0]!;
          await audit.record(tx, actor, {
            action: 'import.upload',
            entityType: 'import',
            entityId: id,
            after: { fileName: r.fileName, type: r.type, size },
          });
          return r;
        });
        return { import: row, preview: await preview(row) };
      } catch (e) {
        await uploads.remove(actor.workspaceId, file);
        throw e;
      }
    },

    async get(actor: Actor, id: string) {
      return load(actor, id);
    },
    async preview(actor: Actor, id: string) {
      const imp = await load(actor, id);
      return { import: imp, preview: await preview(imp) };
    },
    list: (actor: Actor) =>
      db
        .select()
        .from(imports)
        .where(eq(imports.workspaceId, actor.workspaceId))
        .orderBy(desc(imports.createdAt))
        .limit(100),

    /**
     * Read-only: the ids of the contacts and companies an import created or updated (for an orders import, the
     * customers it created), or null when the workspace has no such import. Records deleted since are still listed.
     */
    async recordIdsOf(
      workspaceId: string,
      importId: string,
    ): Promise<{ id: string; type: string; status: string; contacts: string[]; companies: string[] } | null> {
      const imp = isUuid(importId)
        ? (
            await db
              .select({ id: imports.id, type: imports.type, status: imports.status })
              .from(imports)
              .where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, importId)))
          )[0]
        : undefined;
      if (!imp) return null;
      const recs = await db
        .select({ entityType: importRecords.entityType, entityId: importRecords.entityId })
        .from(importRecords)
        .where(
          and(
            eq(importRecords.workspaceId, workspaceId),
            eq(importRecords.importId, imp.id),
            sql`${importRecords.entityType} in ('contact', 'company')`,
          ),
        );
      return {
        ...imp,
        contacts: recs.filter((r) => r.entityType === 'contact').map((r) => r.entityId),
        companies: recs.filter((r) => r.entityType === 'company').map((r) => r.entityId),
      };
    },

    /** Changes the mapping (or preset, date order) of an import that has not run yet. */
    async update(
      actor: Actor,
      id: string,
      patch: {
        preset?: string;
        mapping?: { column: string; target: string }[];
        dateOrder?: DateOrder | null;
        defaultCountry?: string;
        stageMap?: Record<string, string | null>;
      },
    ) {
      assertRole(actor, 'admin');
      const imp = await load(actor, id);
      if (imp.status !== 'draft')
        throw new AppError(
          'conflict',
          `Import ${id} has already ${imp.status === 'queued' || imp.status === 'running' ? 'started' : 'run'}; upload the file again to change its mapping`,
        );
      const type = imp.type as ImportType;
      let mapping: ColumnMapping[] = imp.mapping;
      let preset = imp.preset;
      if (patch.preset) {
        const s = suggestMapping(type, imp.headers, patch.preset);
        if (patch.preset !== 'generic' && !presetByName(patch.preset))
          throw new AppError('validation', `Unknown preset "${patch.preset}"`, { field: 'preset' });
        mapping = s.columns;
        preset = s.preset;
      }
      if (patch.mapping) {
        // Columns the patch does not name keep their current target (the automatic mapping), not "skip".
        validateMapping(
          type,
          imp.headers,
          patch.mapping.map((m) => ({ ...m })),
        );
        const named = patch.mapping.filter((m) => imp.headers.includes(m.column));
        for (const h of imp.headers)
          if (!mapping.some((m) => m.column === h)) mapping = [...mapping, fallback(type, h, 0)];
        mapping = overrideMapping(type, mapping, named);
        validateMapping(
          type,
          imp.headers,
          mapping.map((m) => ({ ...m })),
        );
      }
      let stageMap = imp.options.stageMap;
      if (patch.stageMap) {
        if (type !== 'deals')
          throw new AppError('validation', 'A stage mapping is for deals imports only', { field: 'stageMap' });
        const all = await firstPipelineStages(db, imp.workspaceId);
        stageMap = { ...(stageMap ?? {}) };
        for (const [value, target] of Object.entries(patch.stageMap)) {
          if (target !== null && target !== 'create' && !all.some((s) => s.id === target)) {
            throw new AppError(
              'validation',
              `stageMap: "${value}" → "${target}" is not a stage of the first pipeline (stages: ${all.map((s) => `${s.name} = ${s.id}`).join(', ')}) nor "create"`,
              { field: 'stageMap', value },
            );
          }
          if (target === null) delete stageMap[stageKey(value)];
          else stageMap[stageKey(value)] = target;
        }
      }
      const options = {
        ...imp.options,
        ...(patch.dateOrder !== undefined ? { dateOrder: patch.dateOrder } : {}),
        ...(patch.defaultCountry ? { defaultCountry: patch.defaultCountry.toUpperCase() } : {}),
        ...(stageMap ? { stageMap } : {}),
      };
      const row = await db.transaction(async (tx) => {
        const updated = (
          await tx.update(imports).set({ mapping, preset, options }).where(eq(imports.id, imp.id)).returning()
        )[0]!;
        const diff = changedFields(
          { mapping: imp.mapping, preset: imp.preset, options: imp.options },
          { mapping, preset, options },
        );
        if (diff.changed)
          await audit.record(tx, actor, { action: 'import.update', entityType: 'import', entityId: imp.id, ...diff });
        return updated;
      });
      return { import: row, preview: await preview(row) };
    },

    /** Marks the import queued (or dry-run) and returns it; the caller enqueues or runs the job. */
    async prepareRun(actor: Actor, id: string, opts: { dryRun?: boolean }) {
      assertRole(actor, 'admin');
      const imp = await load(actor, id);
      if (imp.status === 'done' || imp.status === 'reverted')
        throw new AppError('conflict', `Import ${id} has already run (${imp.status})`);
      if (imp.status === 'queued') throw new AppError('conflict', `Import ${id} is already queued`);
      if (imp.status === 'running' && !opts.dryRun) return imp; // resume an interrupted run
      if (imp.status === 'failed' && imp.cursor > 1)
        return (
          await db.update(imports).set({ status: 'queued', error: null }).where(eq(imports.id, imp.id)).returning()
        )[0]!;
      validateMapping(
        imp.type as ImportType,
        imp.headers,
        imp.mapping.map((m) => ({ ...m })),
      );
      return (
        await db
          .update(imports)
          .set({ status: opts.dryRun ? 'draft' : 'queued', dryRun: opts.dryRun ? 'yes' : 'no' })
          .where(eq(imports.id, imp.id))
          .returning()
      )[0]!;
    },
    setJob: (id: string, jobId: string) => db.update(imports).set({ jobId }).where(eq(imports.id, id)),
    run,

    async rejections(actor: Actor, id: string, opts: { limit: number; afterRow?: number }) {
      await load(actor, id);
      const cond = opts.afterRow
        ? and(eq(importRejections.importId, id), sql`${importRejections.row} > ${opts.afterRow}`)
        : eq(importRejections.importId, id);
      return db
        .select({
          row: importRejections.row,
          column: importRejections.column,
          value: importRejections.value,
          reason: importRejections.reason,
        })
        .from(importRejections)
        .where(cond)
        .orderBy(importRejections.row)
        .limit(opts.limit);
    },

    /** The rejected rows as the original columns plus where and why, to fix and import again. */
    async *rejectionsCsv(actor: Actor, id: string): AsyncGenerator<string> {
      const imp = await load(actor, id);
      yield csvLine([...imp.headers, 'pipewise_row', 'pipewise_column', 'pipewise_reason']);
      let after = 0;
      while (true) {
        const rows = await db
          .select()
          .from(importRejections)
          .where(and(eq(importRejections.importId, id), sql`${importRejections.row} > ${after}`))
          .orderBy(importRejections.row)
          .limit(2000);
        for (const r of rows)
          yield csvLine([...imp.headers.map((_, i) => r.cells[i] ?? ''), r.row, r.column, r.reason]);
        if (rows.length < 2000) return;
        after = rows.at(-1)!.row;
      }
    },

    /**
     * Removes what the import created and restores what it updated, in one transaction; records changed since the
     * import (their updated_at moved) are left alone and listed.
     */
    async revert(actor: Actor, id: string) {
      assertRole(actor, 'admin');
      const imp = await load(actor, id);
      if (imp.status === 'reverted') throw new AppError('conflict', `Import ${id} was already reverted`);
      if (imp.status === 'queued' || imp.status === 'draft')
        throw new AppError('conflict', `Import ${id} has not run yet`);
      return db.transaction(async (tx) => {
        const recs = await tx.select().from(importRecords).where(eq(importRecords.importId, id));
        const skipped: { entityType: string; entityId: string; reason: string }[] = [];
        const done = { deleted: 0, restored: 0 };
        for (const type of revertOrder) {
          const table = tables[type] as any;
          const mine = recs.filter((r) => r.entityType === type);
          const createdIds = mine.filter((r) => r.action === 'created').map((r) => r.entityId);
          for (let i = 0; i < createdIds.length; i += 5000) {
            const chunk = createdIds.slice(i, i + 5000);
            const current = await tx
              .select({ id: table.id, updatedAt: table.updatedAt })
              .from(table)
              .where(
                and(eq(table.workspaceId, imp.workspaceId), sql`${table.id} = ANY(${`{${chunk.join(',')}}`}::uuid[])`),
              );
            const after = new Map(mine.map((r) => [r.entityId, r.afterUpdatedAt?.getTime()]));
            const removable: string[] = [];
            for (const c of current as { id: string; updatedAt: Date }[]) {
              if (after.get(c.id) !== undefined && c.updatedAt.getTime() !== after.get(c.id))
                skipped.push({ entityType: type, entityId: c.id, reason: 'changed since the import' });
              else removable.push(c.id);
            }
            for (const id of await stillReferenced(tx, type, imp.workspaceId, removable)) {
              removable.splice(removable.indexOf(id), 1);
              skipped.push({ entityType: type, entityId: id, reason: 'still used by a record kept by this revert' });
            }
            if (removable.length)
              await tx.execute(
                sql`DELETE FROM ${table} WHERE workspace_id = ${imp.workspaceId} AND id = ANY(${`{${removable.join(',')}}`}::uuid[])`,
              );
            done.deleted += removable.length;
          }
          for (const r of mine.filter((x) => x.action === 'updated')) {
            const cur = (
              await tx
                .select({ updatedAt: table.updatedAt })
                .from(table)
                .where(and(eq(table.workspaceId, imp.workspaceId), eq(table.id, r.entityId)))
            )[0] as { updatedAt: Date } | undefined;
            if (!cur) {
              skipped.push({ entityType: type, entityId: r.entityId, reason: 'deleted since the import' });
              continue;
            }
            if (r.afterUpdatedAt && cur.updatedAt.getTime() !== r.afterUpdatedAt.getTime()) {
              skipped.push({ entityType: type, entityId: r.entityId, reason: 'changed since the import' });
              continue;
            }
            const before = (r.before ?? {}) as Record<string, unknown>;
            if (type === 'order') {
              await tx
                .delete(orderLines)
                .where(and(eq(orderLines.workspaceId, imp.workspaceId), eq(orderLines.orderId, r.entityId)));
              const lines = (before.lines as Record<string, unknown>[] | undefined) ?? [];
              if (lines.length)
                await tx
                  .insert(orderLines)
                  .values(lines.map((l) => ({ ...(l as any), workspaceId: imp.workspaceId, orderId: r.entityId })));
              await tx
                .update(orders)
                .set({
                  total: Number(before.total ?? 0),
                  updatedAt: before.updatedAt ? new Date(String(before.updatedAt)) : clock.now(),
                })
                .where(eq(orders.id, r.entityId));
            } else {
              const set: Record<string, unknown> = {};
              for (const [k, v] of Object.entries(before))
                set[k] =
                  k === 'expectedCloseDate' || typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v)
                    ? v
                    : new Date(v);
              await tx
                .update(table)
                .set({ ...set, updatedAt: set.updatedAt ?? clock.now() })
                .where(and(eq(table.workspaceId, imp.workspaceId), eq(table.id, r.entityId)));
            }
            done.restored++;
          }
        }
        await tx.update(imports).set({ status: 'reverted', revertedAt: clock.now() }).where(eq(imports.id, id));
        await audit.record(tx, actor, {
          action: 'import.revert',
          entityType: 'import',
          entityId: id,
          after: { ...done, skipped: skipped.length },
        });
        return { importId: id, ...done, skipped };
      });
    },

    /**
     * Erasure: removes every stored upload (file or database chunks) of the workspace whose bytes contain one of the
     * needles (the person's email, phone, full name; case-insensitive). The import's history and counts stay; its
     * file can no longer be previewed or run again. Returns the ids of the imports whose upload was removed.
     */
    async purgeUploadsMentioning(workspaceId: string, needles: string[]) {
      const words = [...new Set(needles.map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 3))];
      if (words.length === 0) return [];
      const longest = Math.max(...words.map((w) => Buffer.byteLength(w)));
      const rows = await db
        .select({ id: imports.id, workspaceId: imports.workspaceId, filePath: imports.filePath })
        .from(imports)
        .where(eq(imports.workspaceId, workspaceId));
      const removed: string[] = [];
      for (const imp of rows) {
        let tail = '';
        let found = false;
        try {
          for await (const chunk of uploads.source(workspaceId, imp.filePath).open()) {
            const text =
              tail +
              Buffer.from(chunk as Uint8Array)
                .toString('utf8')
                .toLowerCase();
            if (words.some((w) => text.includes(w))) {
              found = true;
              break;
            }
            tail = text.slice(-longest);
          }
        } catch {
          continue; // already gone
        }
        if (found) {
          await uploads.remove(workspaceId, imp.filePath);
          removed.push(imp.id);
        }
      }
      return removed;
    },

    /** Deletes the stored file and the import's bookkeeping (not the records it wrote). */
    async remove(actor: Actor, id: string) {
      assertRole(actor, 'admin');
      const imp = await load(actor, id);
      if (imp.status === 'running' || imp.status === 'queued')
        throw new AppError('conflict', `Import ${id} is running`);
      await db.transaction(async (tx) => {
        await tx.delete(imports).where(eq(imports.id, id));
        const before = { fileName: imp.fileName, type: imp.type, status: imp.status };
        await audit.record(tx, actor, { action: 'import.delete', entityType: 'import', entityId: id, before });
      });
      await uploads.remove(imp.workspaceId, imp.filePath);
    },
  };
}
export type ImportsService = ReturnType<typeof createImportsService>;
