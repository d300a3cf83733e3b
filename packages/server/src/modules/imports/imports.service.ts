// The imports service: upload, mapping, preview, run, revert, rejections. Each part lives in its own file
// (imports-preview, imports-mapping, imports-run, imports-revert) behind this one factory.
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError, notFound } from '../../platform/errors';
import { isUuid } from '../../platform/crud';
import { assertRole } from '../auth/access';
import { changedFields, type AuditService } from '../audit/audit.service';
import { importRecords, importRejections, imports } from './imports.schema';
import { fieldsByType, isImportType, type ImportType } from './mapping/fields';
import { presetByName, presets } from './mapping/presets';
import { fallback, overrideMapping, suggestMapping, type ColumnMapping } from './mapping/suggest';
import { readRows, sniffFile } from './parse/read';
import { delimiters, type Delimiter } from './parse/sniff';
import { type DateOrder } from './normalise/date';
import type { UploadStore } from './storage';
import { csvLine } from '../../platform/csv';
import { firstPipelineStages, stageKey } from './apply/stages';
import { fileError, type ImportRow, type SuppressionMatcherOf } from './imports-context';
import type { ImportsContext } from './imports-context';
import { createImportsRepo } from './imports.repo';
import { createImportPreview } from './imports-preview';
import { createImportRun } from './imports-run';
import { createImportRevert } from './imports-revert';
import { validateMapping } from './imports-mapping';

export type { ImportRow, Preview, StageValue, SuppressionMatcherOf } from './imports-context';

export function createImportsService({
  db,
  clock,
  audit,
  uploads,
  suppressionMatcher,
  workspaceSettings,
}: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  uploads: UploadStore;
  suppressionMatcher?: SuppressionMatcherOf;
  /** The workspace's default country and currency (the workspaces service's `get`), for values without them. */
  workspaceSettings: (workspaceId: string) => Promise<{ defaultCountry?: string; currency?: string }>;
}) {
  const repo = createImportsRepo(db);
  const sourceOf = (imp: ImportRow) => uploads.source(imp.workspaceId, imp.filePath);
  async function load(actor: Actor, id: string): Promise<ImportRow> {
    const row = isUuid(id) ? await repo.byId(actor.workspaceId, id) : undefined;
    if (!row) throw notFound('Import', id);
    return row;
  }

  async function settingsOf(workspaceId: string) {
    const settings = await workspaceSettings(workspaceId);
    return { defaultCountry: settings.defaultCountry ?? 'US', currency: settings.currency ?? 'USD' };
  }

  const ctx: ImportsContext = { db, clock, audit, uploads, suppressionMatcher, load, settingsOf, sourceOf };
  const { preview } = createImportPreview(ctx);
  const run = createImportRun(ctx, preview);
  const revert = createImportRevert(ctx);

  return {
    revert,
    /** The upload limit in bytes (PIPEWISE_IMPORT_MAX_MB). */
    maxUploadBytes: uploads.maxBytes,
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
    list: (actor: Actor) => repo.list(actor.workspaceId),

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
    setJob: (id: string, jobId: string) => repo.setJob(id, jobId),
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
