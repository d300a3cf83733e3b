// An import's preview: its first rows, the problems under the current mapping, and (deals) what each stage value becomes.
import { eq } from 'drizzle-orm';
import { fieldsByType, type ImportType } from './mapping/fields';
import { FileShapeError, readRows, type FileFormat } from './parse/read';
import { delimiters } from './parse/sniff';
import { detectDateOrder } from './normalise/date';
import { resolveMapping, transformRow } from './transform';
import { chooseStage, firstPipelineStages, stageKey } from './apply/stages';
import { users } from '../auth/auth.schema';
import { fileError, PREVIEW_ROWS, CHECK_ROWS, type ImportRow, type Preview, type StageValue } from './imports-context';
import type { ImportsContext } from './imports-context';

export function createImportPreview({ db, settingsOf, sourceOf }: ImportsContext) {
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

  return { preview, dealValues };
}
