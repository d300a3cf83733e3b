// The data-quality report: checks scored over the workspace (or one import's records), and the records behind a
// check. Merging duplicates is data-quality.service.ts; this file only reads.
import { sql } from 'drizzle-orm';
import { LIKELY_DUPLICATE } from '@pipewise/ml/dedup/index';
import { rowsOf, type Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError, notFound } from '../../platform/errors';
import { assertRole } from '../auth/access';
import type { ImportsService } from '../imports/imports.service';
import type { createDataQualityRepo, EntityType } from './data-quality.repo';
import { evaluateChecks, scoreChecks, topFixes, type CompanyQualityRow, type ContactQualityRow } from './report';

export function createQualityReport({
  db,
  clock,
  repo,
  imports,
  ensureScan,
}: {
  db: Db;
  clock: Clock;
  repo: ReturnType<typeof createDataQualityRepo>;
  imports?: Pick<ImportsService, 'recordIdsOf'>;
  /** Whether a duplicate scan of the type exists (running one inline when small enough). */
  ensureScan: (actor: Actor, type: EntityType) => Promise<unknown>;
}) {
  /** The workspace's report, or with `importId` the report over the contacts and companies that import created or updated. */
  async function report(actor: Actor, opts: { staleMonths: number; importId?: string }) {
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
  }

  async function issue(actor: Actor, checkId: string, opts: { staleMonths: number; limit: number; importId?: string }) {
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
  }

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

  return { report, issue };
}
