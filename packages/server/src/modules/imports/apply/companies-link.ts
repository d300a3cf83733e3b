import { eq, sql } from 'drizzle-orm';
import { companies } from '../../companies/companies.schema';
import { companyNameFromDomain } from '../normalise/domains';
import { unnestInsert } from '../../../platform/bulk-insert';
import type { ApplyContext, BatchResult } from './types';
import { bump } from './types';

/**
 * Finds or creates the company a contact or deal belongs to, by domain first and then by name (case-insensitive).
 * The workspace's companies are read once per import; the ones a batch creates are inserted together by `flush`
 * (before the batch's contacts or deals that point at them). Created companies are recorded as the import's own,
 * so a revert removes them too.
 */
export function createCompanyLinker() {
  let index: Map<string, string> | null = null;
  let pending: Record<string, unknown>[] = [];

  async function load(ctx: ApplyContext) {
    if (index) return index;
    index = new Map();
    const rows = await ctx.tx
      .select({ id: companies.id, domain: companies.domain, name: sql<string>`lower(${companies.name})` })
      .from(companies)
      .where(eq(companies.workspaceId, ctx.workspaceId));
    for (const r of rows) {
      if (r.domain && !index.has(`d:${r.domain}`)) index.set(`d:${r.domain}`, r.id);
      if (r.name && !index.has(`n:${r.name}`)) index.set(`n:${r.name}`, r.id);
    }
    return index;
  }

  return {
    async link(
      ctx: ApplyContext,
      res: BatchResult,
      by: { name?: string | null; domain?: string | null },
    ): Promise<string | null> {
      const domain = by.domain?.toLowerCase() ?? null;
      const name = by.name?.trim() || null;
      if (!domain && !name) return null;
      const idx = await load(ctx);
      const keys = [domain ? `d:${domain}` : null, name ? `n:${name.toLowerCase()}` : null].filter(
        (k): k is string => !!k,
      );
      for (const k of keys) {
        const hit = idx.get(k);
        if (hit) {
          for (const other of keys) if (!idx.has(other)) idx.set(other, hit);
          return hit;
        }
      }
      const id = crypto.randomUUID();
      pending.push({
        id,
        workspaceId: ctx.workspaceId,
        name: name ?? companyNameFromDomain(domain!),
        domain,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
      res.records.push({ entityType: 'company', entityId: id, action: 'created' });
      bump(res.summary, 'companiesLinkedCreated');
      for (const k of keys) idx.set(k, id);
      return id;
    },
    /** Inserts the companies this batch created. */
    async flush(ctx: ApplyContext) {
      if (!pending.length) return;
      const rows = pending;
      pending = [];
      await ctx.tx.execute(unnestInsert(companies, rows));
    },
    /** After a rolled-back batch (dry run), forget what it created so the next batch does not point at it. */
    reset() {
      index = null;
      pending = [];
    },
  };
}
export type CompanyLinker = ReturnType<typeof createCompanyLinker>;
