// The import job: reads the file from its committed cursor on, in batches, each batch one transaction with its bookkeeping.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import { AppError } from '../../platform/errors';
import { importRecords, importRejections, imports, type ImportCounts } from './imports.schema';
import { type ImportType } from './mapping/fields';
import { readRows, type FileFormat } from './parse/read';
import { resolveMapping, transformRow } from './transform';
import { unnestInsert } from '../../platform/bulk-insert';
import { createCompanyLinker } from './apply/companies-link';
import { createRecordApplier } from './apply/records';
import { createOrdersApplier } from './apply/orders';
import { emptyResult, type ApplyContext, type BatchResult, type InputRow } from './apply/types';
import { fileError, BATCH_ROWS, DryRunRollback, type ImportRow, type Preview } from './imports-context';
import type { ImportsContext } from './imports-context';

/** One batch's records, rejections and the import's cursor and counts, in the batch's transaction. */
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

export function createImportRun(
  { db, clock, audit, suppressionMatcher, load, settingsOf, sourceOf }: ImportsContext,
  preview: (imp: ImportRow) => Promise<Preview>,
) {
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
  return run;
}
