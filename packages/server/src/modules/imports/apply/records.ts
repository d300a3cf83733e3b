import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { contacts, lifecycleStages } from '../../contacts/contacts.schema';
import { companies } from '../../companies/companies.schema';
import { dealStageHistory, deals } from '../../deals/deals.schema';
import { users } from '../../auth/auth.schema';
import { changedFields } from '../../audit/audit.service';
import type { ImportType } from '../mapping/fields';
import type { CompanyLinker } from './companies-link';
import { unnestInsert } from '../../../platform/bulk-insert';
import { chooseStage, createStage, firstPipelineStages, stageKey, type Stage } from './stages';
import { bump, emptyResult, type ApplyContext, type BatchResult, type InputRow } from './types';

type Candidate = {
  row: InputRow;
  keys: string[];
  values: Record<string, unknown>;
  custom: Record<string, string>;
  tags: string[];
  createdAt?: Date;
};
type Seen = {
  row: number;
  id: string;
  values: Record<string, unknown>;
  custom: Record<string, string>;
  tags: string[];
};

const entityOf: Record<Exclude<ImportType, 'orders'>, { table: PgTable; entity: string }> = {
  contacts: { table: contacts, entity: 'contact' },
  companies: { table: companies, entity: 'company' },
  deals: { table: deals, entity: 'deal' },
};

const same = (a: unknown, b: unknown) => norm(a) === norm(b);
function norm(v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return String(Math.round(v * 100) / 100);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return String(Math.round(Number(v) * 100) / 100);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Upserts contacts, companies or deals: rows match the file's earlier rows first (the same record seen twice: merged if
 * the values agree, rejected naming both rows if they conflict), then existing records by external id, email, phone
 * (and domain for companies, name for deals). Only fields the row fills are compared and written: a blank cell never
 * erases a stored value.
 */
export function createRecordApplier(type: Exclude<ImportType, 'orders'>, linkCompany: CompanyLinker) {
  const seen = new Map<string, Seen>();
  const { table, entity } = entityOf[type];
  let stages: Stage[] | null = null;
  const ownerCache = new Map<string, string | null>();
  const createdStages = new Map<string, Stage>();

  async function stagesOf(ctx: ApplyContext) {
    if (stages) return stages;
    stages = await firstPipelineStages(ctx.tx, ctx.workspaceId);
    return stages;
  }

  /** The file's stage value through the user's stage mapping (or the suggestion); a stage is created on request. */
  async function stageFor(ctx: ApplyContext, res: BatchResult, value: string): Promise<Stage | null> {
    const all = await stagesOf(ctx);
    const choice = chooseStage(value, all, ctx.stageMap);
    if (!choice) return null;
    if ('stageId' in choice) return all.find((s) => s.id === choice.stageId) ?? null;
    const k = stageKey(choice.name);
    const made =
      createdStages.get(k) ??
      all.find((s) => stageKey(s.name) === k) ??
      (await createStage(ctx, res, all, choice.name));
    createdStages.set(k, made);
    return made;
  }

  async function ownerId(ctx: ApplyContext, who: string): Promise<string | null> {
    const k = who.toLowerCase();
    if (ownerCache.has(k)) return ownerCache.get(k)!;
    const u = (
      await ctx.tx
        .select({ id: users.id })
        .from(users)
        .where(
          and(
            eq(users.workspaceId, ctx.workspaceId),
            or(sql`lower(${users.email}) = ${k}`, sql`lower(${users.name}) = ${k}`),
          ),
        )
        .limit(1)
    )[0];
    ownerCache.set(k, u?.id ?? null);
    return u?.id ?? null;
  }

  /** Turns a row's normalised values into the table's columns; a returned string is why the row is rejected. */
  async function candidate(
    ctx: ApplyContext,
    r: InputRow,
    res: BatchResult,
  ): Promise<Candidate | { column: string | null; value: string | null; reason: string; suppressed?: true }> {
    const f = r.values.fields;
    const v: Record<string, unknown> = {};
    const custom = { ...r.values.custom };
    const tags = (f.tags as string[] | undefined) ?? [];
    const keys: string[] = [];
    let createdAt: Date | undefined;
    if (f.externalId) keys.push(`x:${f.externalId}`);
    if (type === 'contacts') {
      for (const k of [
        'externalId',
        'firstName',
        'lastName',
        'email',
        'phone',
        'title',
        'source',
        'country',
        'city',
      ] as const)
        if (f[k] !== undefined) v[k] = f[k];
      if (f.lifecycleStage !== undefined) {
        const stage = String(f.lifecycleStage)
          .toLowerCase()
          .replace(/[^a-z]/g, '');
        const match = lifecycleStages.find(
          (s) =>
            s === stage ||
            (s === 'mql' && stage === 'marketingqualifiedlead') ||
            (s === 'sql' && stage === 'salesqualifiedlead'),
        );
        if (!match)
          return {
            column: ctx.columnFor('lifecycleStage'),
            value: String(f.lifecycleStage),
            reason: `unknown lifecycle stage (use one of ${lifecycleStages.join(', ')})`,
          };
        v.lifecycleStage = match;
      }
      if (f.marketingConsent !== undefined) v.consentMarketingEmail = f.marketingConsent ? 'granted' : 'denied';
      if (f.doNotEmail === true) v.consentMarketingEmail = 'denied';
      if (f.doNotContact !== undefined) v.doNotContact = f.doNotContact;
      if (!v.firstName && !v.lastName && !v.email && !v.phone && !v.externalId)
        return { column: null, value: null, reason: 'the row has no name, email, phone or id' };
      if (ctx.isSuppressed?.({ email: v.email as string | undefined, phone: v.phone as string | undefined })) {
        return {
          column: ctx.columnFor(v.email ? 'email' : 'phone'),
          value: null,
          reason: 'this person asked to be erased (privacy blocklist); they come back only if they opt in again',
          suppressed: true,
        };
      }
      if (v.email) keys.push(`e:${v.email}`);
      if (v.phone) keys.push(`p:${v.phone}`);
      const emailDomain =
        typeof v.email === 'string' && custom.email_type === 'business' ? v.email.split('@')[1] : null;
      const companyName = (f.company as string | undefined) ?? null;
      const domain = (f.website as string | undefined) ?? emailDomain;
      if (companyName || domain) v.companyId = await linkCompany.link(ctx, res, { name: companyName, domain });
    } else if (type === 'companies') {
      for (const k of ['externalId', 'name', 'domain', 'industry', 'country', 'city', 'phone'] as const)
        if (f[k] !== undefined) v[k] = f[k];
      if (f.employees !== undefined) v.employees = Math.round(Number(f.employees));
      if (f.annualRevenue !== undefined) v.annualRevenue = f.annualRevenue;
      if (!v.name && v.domain) v.name = String(v.domain);
      if (!v.name) return { column: null, value: null, reason: 'the row has no company name or domain' };
      if (v.domain) keys.push(`d:${v.domain}`);
      if (v.phone) keys.push(`p:${v.phone}`);
      if (!v.domain && !v.externalId) keys.push(`n:${String(v.name).toLowerCase()}`);
    } else {
      for (const k of ['externalId', 'name', 'amount', 'lostReason', 'source'] as const)
        if (f[k] !== undefined) v[k] = f[k];
      if (typeof v.amount === 'number' && v.amount < 0)
        return { column: ctx.columnFor('amount'), value: String(v.amount), reason: 'a deal amount cannot be negative' };
      const cur = (f.currency as string | undefined) ?? (f.amountCurrency as string | undefined);
      if (cur) {
        if (!/^[A-Za-z]{3}$/.test(cur))
          return {
            column: ctx.columnFor('currency'),
            value: cur,
            reason: 'a currency is a 3-letter ISO code such as USD',
          };
        v.currency = cur.toUpperCase();
      }
      if (f.closeDate instanceof Date) v.expectedCloseDate = f.closeDate.toISOString().slice(0, 10);
      const all = await stagesOf(ctx);
      if (all.length === 0)
        return {
          column: null,
          value: null,
          reason: 'the workspace has no pipeline yet: create one before importing deals',
        };
      const stageName = ((f.stage as string | undefined) ?? (f.status as string | undefined) ?? '').trim();
      if (stageName) {
        const st = await stageFor(ctx, res, stageName);
        if (!st)
          return {
            column: ctx.columnFor('stage'),
            value: stageName,
            reason: `no pipeline stage like "${stageName}" (stages: ${all.map((s) => s.name).join(', ')}): map it to a stage or create it in the import's stage mapping`,
          };
        v.stageId = st.id;
        v.pipelineId = st.pipelineId;
        v.status = st.kind;
      }
      // Dates from the file: a won or lost deal closed on its close date; the stage was entered on the file's
      // stage date, else (closed deals) the close date, else (open deals) the date the deal was created.
      const closed = v.status === 'won' || v.status === 'lost';
      if (closed && f.closeDate instanceof Date) v.closedAt = f.closeDate;
      const entered =
        f.stageEnteredAt instanceof Date
          ? f.stageEnteredAt
          : closed && f.closeDate instanceof Date
            ? f.closeDate
            : f.createdDate instanceof Date
              ? f.createdDate
              : null;
      if (entered && v.stageId) v.stageEnteredAt = entered;
      if (f.createdDate instanceof Date) createdAt = f.createdDate;
      const companyName = (f.company as string | undefined) ?? null;
      if (companyName) v.companyId = await linkCompany.link(ctx, res, { name: companyName });
      if (f.contactEmail) {
        const c = (
          await ctx.tx
            .select({ id: contacts.id })
            .from(contacts)
            .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.email, String(f.contactEmail))))
            .limit(1)
        )[0];
        if (c) v.contactId = c.id;
        else custom.contact_email = String(f.contactEmail);
      }
      if (f.owner) {
        // An owner that matches no user is reported (the preview lists them, the summary counts the rows), never
        // stored as a custom field where nobody would look.
        const o = await ownerId(ctx, String(f.owner));
        if (o) v.ownerId = o;
        else bump(res.summary, 'ownersUnmatched');
      }
      if (!v.name) v.name = [companyName, v.externalId].filter(Boolean).join(' ') || null;
      if (!v.name) return { column: null, value: null, reason: 'the row has no deal name, company or id' };
      if (!v.externalId) keys.push(`n:${String(v.name).toLowerCase()}`);
    }
    return { row: r, keys, values: v, custom, tags, createdAt };
  }

  // Phones and names have no index on these tables: the workspace's existing values are read once per import into
  // memory (records this import writes are found through `seen` instead), so a batch never scans the table.
  let weakIndex: Map<string, string[]> | null = null;
  async function weakKeys(ctx: ApplyContext) {
    if (weakIndex) return weakIndex;
    weakIndex = new Map();
    const t = table as any;
    const cols: Record<string, any> = { id: t.id };
    if (type !== 'deals') cols.phone = t.phone;
    if (type !== 'contacts') cols.name = sql<string>`lower(${t.name})`;
    const rows = (await ctx.tx.select(cols).from(table).where(eq(t.workspaceId, ctx.workspaceId))) as {
      id: string;
      phone?: string | null;
      name?: string | null;
    }[];
    for (const r of rows) {
      for (const k of [r.phone ? `p:${r.phone}` : null, r.name ? `n:${r.name}` : null]) {
        if (!k) continue;
        const list = weakIndex.get(k);
        if (list) list.push(r.id);
        else weakIndex.set(k, [r.id]);
      }
    }
    return weakIndex;
  }

  async function findExisting(ctx: ApplyContext, cands: Candidate[]) {
    const byKind = (p: string) => [
      ...new Set(cands.flatMap((c) => c.keys.filter((k) => k.startsWith(p)).map((k) => k.slice(2)))),
    ];
    const t = table as any;
    const conds: SQL[] = [];
    const x = byKind('x:');
    if (x.length) conds.push(inArray(t.externalId, x));
    if (type === 'contacts' && byKind('e:').length) conds.push(inArray(t.email, byKind('e:')));
    if (type === 'companies' && byKind('d:').length) conds.push(inArray(t.domain, byKind('d:')));
    const rows: Record<string, unknown>[] = conds.length
      ? ((await ctx.tx
          .select()
          .from(table)
          .where(and(eq(t.workspaceId, ctx.workspaceId), or(...conds)))) as Record<string, unknown>[])
      : [];
    // Weak keys (phone, name) only for rows no strong key (external id, email, domain) matched.
    const strong = new Set(
      rows.flatMap((r) => [
        r.externalId ? `x:${r.externalId}` : '',
        r.email ? `e:${r.email}` : '',
        r.domain ? `d:${r.domain}` : '',
      ]),
    );
    const unmatched = cands.filter((c) => !c.keys.some((k) => strong.has(k)));
    const weakWanted = [
      ...new Set(unmatched.flatMap((c) => c.keys.filter((k) => k.startsWith('p:') || k.startsWith('n:')))),
    ];
    if (weakWanted.length) {
      const weak = await weakKeys(ctx);
      const have = new Set(rows.map((r) => r.id as string));
      const ids = [...new Set(weakWanted.flatMap((k) => weak.get(k) ?? []))].filter((id) => !have.has(id));
      for (let i = 0; i < ids.length; i += 5000)
        rows.push(
          ...((await ctx.tx
            .select()
            .from(table)
            .where(and(eq(t.workspaceId, ctx.workspaceId), inArray(t.id, ids.slice(i, i + 5000))))) as Record<
            string,
            unknown
          >[]),
        );
    }
    const map = new Map<string, Record<string, unknown>>();
    // Priority: external id, then email, then phone, then domain/name; the first record found for a key wins.
    for (const prefix of ['x:', 'e:', 'p:', 'd:', 'n:']) {
      for (const r of rows) {
        const val =
          prefix === 'x:'
            ? r.externalId
            : prefix === 'e:'
              ? r.email
              : prefix === 'p:'
                ? r.phone
                : prefix === 'd:'
                  ? r.domain
                  : typeof r.name === 'string'
                    ? r.name.toLowerCase()
                    : null;
        if (typeof val === 'string' && val && !map.has(prefix + val)) map.set(prefix + val, r);
      }
    }
    return map;
  }

  return {
    async apply(ctx: ApplyContext, rows: InputRow[]): Promise<BatchResult> {
      const res = emptyResult();
      const cands: Candidate[] = [];
      for (const r of rows) {
        const first = r.values.problems[0];
        if (first) {
          res.rejections.push({ row: r.row, problem: first, cells: r.cells });
          continue;
        }
        const c = await candidate(ctx, r, res);
        // An erased person's row is kept without its cells: storing them would bring the person back.
        if ('reason' in c) {
          res.rejections.push({ row: r.row, problem: c, cells: 'suppressed' in c ? r.cells.map(() => '') : r.cells });
          continue;
        }
        cands.push(c);
      }
      await linkCompany.flush(ctx);
      const existing = await findExisting(ctx, cands);
      const pending = new Map<string, Record<string, unknown>>();
      const t = table as any;
      for (const c of cands) {
        // Same rule as for stored records: a weak key (phone, name) does not tie rows whose emails or domains differ.
        const weakMismatch = (p: Seen, k: string) =>
          !k.startsWith('x:') &&
          !k.startsWith('e:') &&
          ((c.values.email && p.values.email && p.values.email !== c.values.email) ||
            (c.values.domain && p.values.domain && p.values.domain !== c.values.domain));
        const priorKey = c.keys.find((k) => seen.has(k) && !weakMismatch(seen.get(k)!, k));
        const prior = priorKey ? seen.get(priorKey)! : undefined;
        if (prior) {
          const conflict = Object.entries(c.values).find(
            ([k, val]) =>
              k !== 'companyId' &&
              prior.values[k] !== undefined &&
              prior.values[k] !== null &&
              !same(prior.values[k], val),
          );
          if (conflict) {
            const keyName =
              { x: 'external id', e: 'email', p: 'phone', d: 'domain', n: 'name' }[priorKey!.slice(0, 1)] ?? 'key';
            res.rejections.push({
              row: c.row.row,
              cells: c.row.cells,
              problem: {
                column: ctx.columnFor(conflict[0]),
                value: norm(conflict[1]),
                reason: `same ${entity} as row ${prior.row} (same ${keyName}) but a different ${ctx.columnFor(conflict[0])}: "${norm(conflict[1])}" here, "${norm(prior.values[conflict[0]])}" there`,
              },
            });
            continue;
          }
        }
        // A phone (or name) match is a weaker key: it does not merge two records whose emails or domains say they differ.
        const differs = (m: Record<string, unknown>, k: string) =>
          !k.startsWith('x:') &&
          !k.startsWith('e:') &&
          ((c.values.email && m.email && m.email !== c.values.email) ||
            (c.values.domain && m.domain && m.domain !== c.values.domain));
        const match = prior
          ? undefined
          : c.keys
              .map((k) => {
                const m = existing.get(k);
                return m && !differs(m, k) ? m : undefined;
              })
              .find(Boolean);
        if (!prior && !match) {
          const id = crypto.randomUUID();
          const row: Record<string, unknown> = {
            ...c.values,
            id,
            workspaceId: ctx.workspaceId,
            customFields: c.custom,
            tags: c.tags,
            createdAt: c.createdAt ?? ctx.now,
            updatedAt: ctx.now,
          };
          if (type === 'deals' && !c.values.stageId) Object.assign(row, await defaultStage(ctx));
          if (type === 'deals') row.stageEnteredAt ??= c.createdAt ?? ctx.now;
          pending.set(id, row);
          res.records.push({ entityType: entity, entityId: id, action: 'created' });
          res.outcomes.created++;
          const s: Seen = { row: c.row.row, id, values: { ...c.values }, custom: { ...c.custom }, tags: [...c.tags] };
          for (const k of c.keys) seen.set(k, s);
          continue;
        }
        const base: Seen = prior ?? {
          row: c.row.row,
          id: match!.id as string,
          values: { ...match! },
          custom: { ...((match!.customFields as Record<string, string>) ?? {}) },
          tags: [...((match!.tags as string[]) ?? [])],
        };
        const patch: Record<string, unknown> = {};
        for (const [k, val] of Object.entries(c.values)) {
          if (k === 'companyId' && base.values.companyId) continue; // a record already linked stays with its company
          if (!same(base.values[k], val)) patch[k] = val;
        }
        const newCustom = Object.entries(c.custom).filter(([k, val]) => !same(base.custom[k], val));
        if (newCustom.length) patch.customFields = { ...base.custom, ...Object.fromEntries(newCustom) };
        if (c.tags.some((tag) => !base.tags.includes(tag))) patch.tags = [...new Set([...base.tags, ...c.tags])];
        for (const k of c.keys) if (!seen.has(k)) seen.set(k, base);
        if (Object.keys(patch).length === 0) {
          res.outcomes.unchanged++;
          continue;
        }
        const before: Record<string, unknown> = Object.fromEntries(
          Object.keys(patch).map((k) => [
            k,
            k === 'customFields' ? base.custom : k === 'tags' ? base.tags : (base.values[k] ?? null),
          ]),
        );
        // Revert puts updated_at back too, so reverting later imports first leaves earlier ones revertible.
        if (!prior && match?.updatedAt instanceof Date) before.updatedAt = match.updatedAt;
        Object.assign(base.values, patch);
        if (patch.customFields) base.custom = patch.customFields as Record<string, string>;
        if (patch.tags) base.tags = patch.tags as string[];
        res.outcomes.updated++;
        const queued = pending.get(base.id);
        if (queued) {
          Object.assign(queued, patch);
          continue;
        }
        await ctx.tx
          .update(table)
          .set({ ...patch, updatedAt: ctx.now } as any)
          .where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, base.id)));
        const { updatedAt: _u, ...beforeFields } = before;
        const diff = changedFields(beforeFields, patch);
        await ctx.audit.record(ctx.tx, ctx.actor, {
          action: `${entity}.update`,
          entityType: entity,
          entityId: base.id,
          before: diff.before,
          after: { ...diff.after, importId: ctx.importId },
        });
        res.records.push({ entityType: entity, entityId: base.id, action: 'updated', before });
      }
      // One INSERT per column set: a column some rows lack must take its default, not NULL.
      const groups = new Map<string, Record<string, unknown>[]>();
      for (const r of pending.values()) {
        const sig = Object.keys(r).sort().join(',');
        (groups.get(sig) ?? groups.set(sig, []).get(sig)!).push(r);
      }
      for (const g of groups.values()) await ctx.tx.execute(unnestInsert(table, g));
      if (type === 'deals' && pending.size) {
        // A created deal's history starts in its stage, when it entered it (the file's date when it has one).
        const history = [...pending.values()].map((d) => ({
          workspaceId: ctx.workspaceId,
          dealId: d.id,
          fromStageId: null,
          toStageId: d.stageId,
          changedAt: d.stageEnteredAt,
          changedBy: ctx.actor.userId ?? null,
        }));
        await ctx.tx.execute(unnestInsert(dealStageHistory, history));
      }
      return res;
    },
  };

  async function defaultStage(ctx: ApplyContext) {
    const all = await stagesOf(ctx);
    const st = all.find((s) => s.kind === 'open') ?? all[0]!;
    return { stageId: st.id, pipelineId: st.pipelineId, status: st.kind };
  }
}
export type RecordApplier = ReturnType<typeof createRecordApplier>;
