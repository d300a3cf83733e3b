import { sql } from 'drizzle-orm';
import {
  createCompanyMatcher,
  createContactMatcher,
  LIKELY_DUPLICATE,
  prepareContact,
  scoreContactPair,
  type DuplicateCandidate,
  type Matcher,
} from '@pipewise/ml/dedup/index';
import { rowsOf, type Db, type Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError, notFound } from '../../platform/errors';
import { isUuid } from '../../platform/crud';
import { assertRole } from '../auth/access';
import type { AuditService } from '../audit/audit.service';
import type { ImportsService } from '../imports/imports.service';
import { createDataQualityRepo, type EntityType } from './data-quality.repo';
import { mergedValues, mergeFields, type Side } from './merge.fields';
import { evaluateChecks, scoreChecks, topFixes, type CompanyQualityRow, type ContactQualityRow } from './report';
import type { MovedLinks } from './data-quality.schema';

/** Up to this many records a missing scan is run inline on request; above it the scan is a job. */
export const INLINE_SCAN_LIMIT = 20_000;
const SLICE = 50_000;

export type ScanResult = {
  type: EntityType;
  records: number;
  pairsCompared: number;
  candidates: number;
  likely: number;
  durationMs: number;
};

const singular = (t: EntityType) => (t === 'contacts' ? 'Contact' : 'Company');

export function createDataQualityService({
  db,
  clock,
  audit,
  imports,
}: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  imports?: Pick<ImportsService, 'recordIdsOf'>;
}) {
  const repo = createDataQualityRepo();

  /** Detection only (no writes): the matcher over every record of the type, scored in slices with progress. */
  async function detect(
    workspaceId: string,
    type: EntityType,
    progress?: (f: number, m?: string) => Promise<void> | void,
  ) {
    const started = performance.now();
    const defaultCountry = await repo.defaultCountry(db, workspaceId);
    await progress?.(0.02, `Reading ${type}`);
    let matcher: Matcher;
    let records: number;
    if (type === 'contacts') {
      const rows = await repo.scanContacts(db, workspaceId);
      records = rows.length;
      await progress?.(0.1, `Blocking ${records.toLocaleString('en-US')} ${type}`);
      matcher = createContactMatcher(
        rows.map((r) => ({
          id: r.id,
          firstName: r.first_name,
          lastName: r.last_name,
          email: r.email,
          phone: r.phone,
          externalId: r.external_id,
          companyId: r.company_id,
          companyName: r.company_name,
        })),
        { defaultCountry },
      );
    } else {
      const rows = await repo.scanCompanies(db, workspaceId);
      records = rows.length;
      await progress?.(0.1, `Blocking ${records.toLocaleString('en-US')} ${type}`);
      matcher = createCompanyMatcher(
        rows.map((r) => ({
          id: r.id,
          name: r.name,
          domain: r.domain,
          phone: r.phone,
          externalId: r.external_id,
          city: r.city,
        })),
        { defaultCountry },
      );
    }
    const candidates: DuplicateCandidate[] = [];
    for (let from = 0; from < matcher.pairCount; from += SLICE) {
      candidates.push(...matcher.score(from, from + SLICE));
      await progress?.(
        0.3 + 0.6 * Math.min(1, (from + SLICE) / matcher.pairCount),
        `Compared ${Math.min(from + SLICE, matcher.pairCount).toLocaleString('en-US')} of ${matcher.pairCount.toLocaleString('en-US')} pairs`,
      );
      await new Promise((r) => setImmediate(r)); // let requests and progress writes through between slices
    }
    return {
      records,
      pairsCompared: matcher.pairCount,
      candidates,
      durationMs: Math.round(performance.now() - started),
    };
  }

  async function scan(
    workspaceId: string,
    type: EntityType,
    progress?: (f: number, m?: string) => Promise<void> | void,
  ): Promise<ScanResult> {
    const found = await detect(workspaceId, type, progress);
    await progress?.(0.92, `Saving ${found.candidates.length.toLocaleString('en-US')} candidate pairs`);
    await db.transaction((tx) =>
      repo.saveScan(
        tx,
        workspaceId,
        type,
        {
          records: found.records,
          pairsCompared: found.pairsCompared,
          durationMs: found.durationMs,
          scannedAt: clock.now(),
        },
        found.candidates,
      ),
    );
    await progress?.(1, 'Done');
    return {
      type,
      records: found.records,
      pairsCompared: found.pairsCompared,
      candidates: found.candidates.length,
      likely: found.candidates.filter((c) => c.score >= LIKELY_DUPLICATE).length,
      durationMs: found.durationMs,
    };
  }

  async function count(type: EntityType, ws: string) {
    return Number(
      (
        await rowsOf<{ n: string | number }>(
          db,
          sql`select count(*) as n from ${sql.raw(type)} where workspace_id = ${ws}`,
        )
      )[0]?.n ?? 0,
    );
  }

  /**
   * The stored scan, or a fresh inline one when there is none, or when records were added, removed or changed since
   * (a scan of an empty workspace must not stand for the contacts imported later), and the workspace is small enough.
   */
  async function ensureScan(actor: Actor, type: EntityType) {
    let last = await repo.lastScan(db, actor.workspaceId, type);
    const stale = last ? await repo.changedSinceScan(db, actor.workspaceId, type, last) : true;
    if (stale && (await count(type, actor.workspaceId)) <= INLINE_SCAN_LIMIT) {
      await scan(actor.workspaceId, type);
      last = await repo.lastScan(db, actor.workspaceId, type);
    }
    return last;
  }

  const pairKey = (a: string, b: string) => (a < b ? ([a, b] as const) : ([b, a] as const));

  function assertIds(type: EntityType, ids: Record<string, string>) {
    for (const [field, id] of Object.entries(ids))
      if (!isUuid(id))
        throw new AppError('validation', `Invalid ${field}: not a ${singular(type).toLowerCase()} id`, { field });
  }

  /** Why a record that should be there is not: merged away (conflict, naming the merge) or simply not in this workspace. */
  async function missing(tx: Tx, actor: Actor, type: EntityType, id: string, role: string): Promise<never> {
    const merged = await repo.mergedAway(tx, actor.workspaceId, id);
    if (merged)
      throw new AppError(
        'conflict',
        `The ${role} ${singular(type).toLowerCase()} ${id} was already merged into ${merged.survivorId} (merge ${merged.id}); undo that merge first`,
        { mergeId: merged.id, survivorId: merged.survivorId },
      );
    throw notFound(singular(type), id);
  }

  return {
    detect,
    scan,

    /**
     * The existing contact one incoming person (a chat lead, a form) most likely is, by the same rules as the
     * duplicate scan (docs/data-quality.md), or null below "likely duplicate". No writes, no access rules: the caller
     * decides what to do with the match.
     */
    async matchContact(
      workspaceId: string,
      who: { firstName?: string | null; lastName?: string | null; email?: string | null; phone?: string | null },
    ): Promise<{ contactId: string; score: number; reasons: string[] } | null> {
      const defaultCountry = await repo.defaultCountry(db, workspaceId);
      const incoming = prepareContact({ id: '', ...who }, defaultCountry);
      if (!incoming.email && !incoming.phone) return null;
      const phoneTail = who.phone ? who.phone.replace(/\D/g, '').slice(-9) : '';
      const rows = await repo.matchCandidates(db, workspaceId, {
        email: incoming.email,
        local: incoming.local,
        phoneTail: phoneTail.length >= 7 ? phoneTail : null,
      });
      let best: { contactId: string; score: number; reasons: string[] } | null = null;
      for (const r of rows) {
        const existing = prepareContact(
          {
            id: r.id,
            firstName: r.first_name,
            lastName: r.last_name,
            email: r.email,
            phone: r.phone,
            externalId: r.external_id,
            companyId: r.company_id,
            companyName: r.company_name,
          },
          defaultCountry,
        );
        const { score, reasons } = scoreContactPair(incoming, existing, LIKELY_DUPLICATE);
        if (score >= LIKELY_DUPLICATE && (!best || score > best.score))
          best = { contactId: r.id, score, reasons: reasons.map((x) => x.code) };
      }
      return best;
    },
    async candidates(actor: Actor, q: { type: EntityType; minScore: number; limit: number; cursor?: string }) {
      assertRole(actor, 'manager');
      const last = await ensureScan(actor, q.type);
      if (!last)
        return {
          scan: null,
          data: [],
          nextCursor: null,
          total: 0,
          message: `More than ${INLINE_SCAN_LIMIT.toLocaleString('en-US')} ${q.type}: start a scan (POST /api/v1/data-quality/scans) and come back when it is done`,
        };
      const offset = q.cursor ? Number.parseInt(q.cursor, 10) : 0;
      if (!Number.isInteger(offset) || offset < 0)
        throw new AppError('validation', 'Invalid query.cursor: use nextCursor of the previous page', {
          field: 'query.cursor',
        });
      const { rows, total } = await repo.openPairs(db, actor.workspaceId, q.type, {
        minScore: q.minScore,
        limit: q.limit,
        offset,
      });
      const records = await repo.records(db, actor.workspaceId, q.type, [
        ...new Set(rows.flatMap((r) => [r.record_a, r.record_b])),
      ]);
      const byId = new Map(records.map((r) => [r.id as string, r]));
      return {
        scan: last,
        total,
        nextCursor: offset + rows.length < total ? String(offset + rows.length) : null,
        data: rows.map((r) => ({
          type: q.type,
          score: r.score,
          reasons: r.reasons,
          a: byId.get(r.record_a) ?? null,
          b: byId.get(r.record_b) ?? null,
        })),
      };
    },

    async merge(
      actor: Actor,
      input: { type: EntityType; survivorId: string; loserId: string; fields?: Record<string, Side> },
    ) {
      assertRole(actor, 'manager');
      const { type, survivorId, loserId } = input;
      assertIds(type, { survivorId, loserId });
      if (survivorId === loserId)
        throw new AppError('bad_request', `A ${singular(type).toLowerCase()} cannot be merged with itself`, {
          field: 'loserId',
        });
      const unknown = Object.keys(input.fields ?? {}).filter((f) => !mergeFields[type].includes(f));
      if (unknown.length)
        throw new AppError(
          'validation',
          `Invalid fields: ${unknown.join(', ')} cannot be chosen (one of ${mergeFields[type].join(', ')})`,
          { field: 'fields' },
        );
      return db.transaction(async (tx) => {
        const survivor =
          (await repo.rowJson(tx, type, actor.workspaceId, survivorId)) ??
          (await missing(tx, actor, type, survivorId, 'surviving'));
        const loser =
          (await repo.rowJson(tx, type, actor.workspaceId, loserId)) ??
          (await missing(tx, actor, type, loserId, 'merged'));
        const now = clock.now();
        const mergeId = crypto.randomUUID();
        const moved: MovedLinks = await repo.moveLinks(tx, type, actor.workspaceId, loserId, survivorId, now);
        await repo.deleteRow(tx, type, actor.workspaceId, loserId); // first, so the survivor may take over its external id
        const values = mergedValues(type, survivor, loser, input.fields ?? {});
        await repo.restoreRow(tx, type, { ...survivor, ...values, updated_at: now.toISOString() });
        if (type === 'contacts')
          moved['created:consent_events'] = await consentChanges(tx, actor, survivor, values, mergeId, now);
        const after = (await repo.rowJson(tx, type, actor.workspaceId, survivorId))!;
        const counts = Object.fromEntries(
          Object.entries(moved)
            .filter(([k]) => !k.startsWith('created:') && !k.startsWith('aside:'))
            .map(([k, v]) => [k, v.length]),
        );
        const row = await repo.insertMerge(tx, {
          id: mergeId,
          workspaceId: actor.workspaceId,
          entityType: type,
          survivorId,
          loserId,
          loserRow: loser,
          survivorBefore: survivor,
          survivorAfter: after,
          moved,
          mergedBy: actor.name,
          mergedAt: now,
        });
        await audit.record(tx, actor, {
          action: 'merge',
          entityType: singular(type).toLowerCase(),
          entityId: survivorId,
          before: { survivor, loser },
          after: { survivor: after, moved: counts, mergeId },
        });
        return {
          merge: { id: row.id, type, survivorId, loserId, mergedAt: now.toISOString(), moved: counts },
          survivor: after,
        };
      });
    },

    async undo(actor: Actor, mergeId: string) {
      assertRole(actor, 'manager');
      if (!isUuid(mergeId)) throw notFound('Merge', mergeId);
      return db.transaction(async (tx) => {
        const m = await repo.merge(tx, actor.workspaceId, mergeId);
        if (!m) throw notFound('Merge', mergeId);
        const type = m.entityType as EntityType;
        const name = singular(type).toLowerCase();
        if (m.undoneAt)
          throw new AppError(
            'conflict',
            `This merge was already undone on ${m.undoneAt.toISOString()} by ${m.undoneBy}`,
            { undoneAt: m.undoneAt.toISOString() },
          );
        const current = await repo.rowJson(tx, type, actor.workspaceId, m.survivorId);
        if (!current) {
          const merged = await repo.mergedAway(tx, actor.workspaceId, m.survivorId);
          throw new AppError(
            'conflict',
            merged
              ? `The surviving ${name} was itself merged since (merge ${merged.id}); undo that merge first`
              : `The surviving ${name} was deleted since the merge; it cannot be undone`,
            { mergeId: merged?.id ?? null },
          );
        }
        if (!(await repo.rowEquals(tx, type, actor.workspaceId, m.survivorId, m.survivorAfter))) {
          throw new AppError(
            'conflict',
            `The surviving ${name} was changed since the merge; undoing would overwrite those changes`,
            { survivorId: m.survivorId },
          );
        }
        const moves = Object.fromEntries(
          Object.entries(m.moved).filter(([k]) => !k.startsWith('created:') && !k.startsWith('aside:')),
        );
        const changed = await repo.changedMoved(tx, actor.workspaceId, moves);
        if (changed.length) {
          const what = changed.map((c) => `${c.ids.length} ${c.link.split('.')[0]!.replace('_', ' ')}`).join(', ');
          throw new AppError(
            'conflict',
            `Records moved by the merge were changed since (${what}); undoing would lose those changes`,
            { changed },
          );
        }
        await repo.restoreRow(tx, type, m.survivorBefore); // first: frees an external id the survivor took from the loser
        await repo.insertRow(tx, type, m.loserRow);
        await repo.moveBack(tx, actor.workspaceId, moves, m.loserId);
        await repo.restoreAside(tx, m.moved);
        const created = m.moved['created:consent_events'] ?? [];
        if (created.length)
          await tx.execute(
            sql`delete from consent_events where workspace_id = ${actor.workspaceId} and id = any(${`{${created.map((c) => c.id).join(',')}}`}::uuid[])`,
          );
        const at = clock.now();
        await repo.markUndone(tx, m.id, at, actor.name);
        await audit.record(tx, actor, {
          action: 'merge.undo',
          entityType: name,
          entityId: m.survivorId,
          before: { survivor: m.survivorAfter },
          after: { survivor: m.survivorBefore, restored: m.loserRow, mergeId: m.id },
        });
        return { merge: { id: m.id, undoneAt: at.toISOString() }, survivorId: m.survivorId, restoredId: m.loserId };
      });
    },

    async dismiss(actor: Actor, input: { type: EntityType; a: string; b: string }) {
      assertRole(actor, 'manager');
      assertIds(input.type, { a: input.a, b: input.b });
      if (input.a === input.b) throw new AppError('bad_request', 'A pair needs two different records', { field: 'b' });
      const [a, b] = pairKey(input.a, input.b);
      return db.transaction(async (tx) => {
        for (const id of [a, b])
          if (!(await repo.rowJson(tx, input.type, actor.workspaceId, id)))
            await missing(tx, actor, input.type, id, 'dismissed');
        const at = clock.now();
        await repo.dismiss(tx, {
          workspaceId: actor.workspaceId,
          entityType: input.type,
          recordA: a,
          recordB: b,
          dismissedBy: actor.name,
          dismissedAt: at,
        });
        await audit.record(tx, actor, {
          action: 'duplicates.dismiss',
          entityType: singular(input.type).toLowerCase(),
          entityId: a,
          after: { type: input.type, a, b },
        });
        return { type: input.type, a, b, dismissedAt: at.toISOString() };
      });
    },

    async merges(actor: Actor, limit = 20) {
      assertRole(actor, 'manager');
      const rows = await repo.recentMerges(db, actor.workspaceId, limit);
      return rows.map((r) => ({
        id: r.id,
        type: r.entity_type,
        survivorId: r.survivor_id,
        loserId: r.loser_id,
        survivorName: r.survivor_name,
        loserName: r.loser_name,
        mergedBy: r.merged_by,
        mergedAt: new Date(r.merged_at).toISOString(),
        undoneAt: r.undone_at ? new Date(r.undone_at).toISOString() : null,
        moved: Object.fromEntries(
          Object.entries(r.moved)
            .filter(([k]) => !k.startsWith('created:'))
            .map(([k, v]) => [k, v.length]),
        ),
      }));
    },

    /** The workspace's report, or with `importId` the report over the contacts and companies that import created or updated. */
    async report(actor: Actor, opts: { staleMonths: number; importId?: string }) {
      assertRole(actor, 'manager');
      const only = opts.importId === undefined ? undefined : await importScope(actor, opts.importId);
      const { checks, input } = await evaluate(actor, opts.staleMonths, only);
      const { score, parts } = scoreChecks(checks);
      const scoped = (api: string) => (only ? `${api}?importId=${encodeURIComponent(only.id)}` : api);
      return {
        scope: {
          workspaceId: actor.workspaceId,
          importId: only?.id ?? null,
          ...(only ? { importType: only.type, importStatus: only.status } : {}),
        },
        generatedAt: clock.now().toISOString(),
        score,
        components: parts,
        records: { contacts: input.contacts.length, companies: input.companies.length },
        staleMonths: opts.staleMonths,
        duplicates: {
          contacts: input.duplicates.contacts ? { records: input.duplicates.contacts.size } : null,
          companies: input.duplicates.companies ? { records: input.duplicates.companies.size } : null,
        },
        checks,
        fixes: topFixes(checks).map((f) => ({ ...f, api: scoped(f.api) })),
      };
    },

    async issue(actor: Actor, checkId: string, opts: { staleMonths: number; limit: number; importId?: string }) {
      assertRole(actor, 'manager');
      const only = opts.importId === undefined ? undefined : await importScope(actor, opts.importId);
      const { checks, affected } = await evaluate(actor, opts.staleMonths, only);
      const check = checks.find((c) => c.id === checkId);
      if (!check)
        throw new AppError(
          'not_found',
          `No check "${checkId}" in this ${only ? 'import' : 'workspace'}'s report (one of ${checks.map((c) => c.id).join(', ')})`,
          { field: 'id' },
        );
      const ids = affected.get(checkId) ?? [];
      const records = await repo.records(db, actor.workspaceId, check.entity, ids.slice(0, opts.limit));
      return { check, total: ids.length, data: records };
    },
  };

  /** The import's records (404 when the workspace has no such import). */
  async function importScope(actor: Actor, importId: string) {
    if (!imports) throw new AppError('bad_request', 'Per-import reports are not available here', { field: 'importId' });
    const found = await imports.recordIdsOf(actor.workspaceId, importId);
    if (!found) throw notFound('Import', importId);
    return found;
  }

  /** Every record of the workspace, or only the given ids (one import's records). */
  async function evaluate(actor: Actor, staleMonths: number, only?: { contacts: string[]; companies: string[] }) {
    const ws = actor.workspaceId;
    const idIn = (col: ReturnType<typeof sql.raw>, ids: string[] | undefined) =>
      ids ? sql` and ${col} = any(${`{${ids.join(',')}}`}::uuid[])` : sql``;
    const [contactRows, companyRows, defaultCountry] = await Promise.all([
      rowsOf<ContactQualityRow>(
        db,
        sql`select c.id, c.first_name, c.last_name, c.email, c.phone, c.country, c.company_id, c.owner_id, c.consent_marketing_email, c.created_at, a.last_activity
        from contacts c left join (select contact_id, max(occurred_at) as last_activity from activities where workspace_id = ${ws} and contact_id is not null group by contact_id) a on a.contact_id = c.id
        where c.workspace_id = ${ws}${idIn(sql.raw('c.id'), only?.contacts)}`,
      ),
      rowsOf<CompanyQualityRow>(
        db,
        sql`select id, name, domain, industry, country, phone from companies where workspace_id = ${ws}${idIn(sql.raw('id'), only?.companies)}`,
      ),
      repo.defaultCountry(db, ws),
    ]);
    const dup = async (type: EntityType) => {
      const inPairs = (await ensureScan(actor, type))
        ? (await repo.recordsInPairs(db, ws, type, LIKELY_DUPLICATE)).records
        : null;
      if (!inPairs || !only) return inPairs;
      return new Set(only[type].filter((id) => inPairs.has(id))); // the import's records in likely pairs (with anyone in the workspace)
    };
    const input = {
      contacts: contactRows,
      companies: companyRows,
      defaultCountry,
      staleMonths,
      now: clock.now(),
      duplicates: { contacts: await dup('contacts'), companies: await dup('companies') },
    };
    return { ...evaluateChecks(input), input };
  }

  /** A merge that changes the survivor's consent is a consent change: recorded as such, and removed again by undo. */
  async function consentChanges(
    tx: Tx,
    actor: Actor,
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    mergeId: string,
    at: Date,
  ) {
    const created: MovedLinks[string] = [];
    for (const [field, purpose] of [
      ['consent_marketing_email', 'marketing_email'],
      ['consent_profiling', 'profiling'],
    ] as const) {
      if (before[field] === after[field]) continue;
      const [row] = await rowsOf<{ id: string }>(
        tx,
        sql`insert into consent_events (workspace_id, contact_id, purpose, state, source, occurred_at)
        values (${actor.workspaceId}, ${before.id as string}, ${purpose}, ${after[field] as string}, ${`merge:${mergeId}`}, ${at}) returning id`,
      );
      created.push({ id: row!.id, updatedAt: null, hash: '' });
    }
    return created;
  }
}
export type DataQualityService = ReturnType<typeof createDataQualityService>;
