import { and, eq, sql } from 'drizzle-orm';
import { companies } from '../../companies/companies.schema';
import { companyNameFromDomain } from '../normalise/domains';
import type { ApplyContext, BatchResult } from './types';
import { bump } from './types';

/**
 * Finds or creates the company a contact or deal belongs to, by domain first and then by name (case-insensitive).
 * Created companies are recorded as the import's own, so a revert removes them too.
 */
export function createCompanyLinker() {
  const cache = new Map<string, string>();
  return async function link(ctx: ApplyContext, res: BatchResult, by: { name?: string | null; domain?: string | null }): Promise<string | null> {
    const domain = by.domain?.toLowerCase() ?? null;
    const name = by.name?.trim() || null;
    if (!domain && !name) return null;
    const keys = [domain ? `d:${domain}` : null, name ? `n:${name.toLowerCase()}` : null].filter((k): k is string => !!k);
    for (const k of keys) {
      const hit = cache.get(k);
      if (hit) return hit;
    }
    let found: { id: string } | undefined;
    if (domain) found = (await ctx.tx.select({ id: companies.id }).from(companies).where(and(eq(companies.workspaceId, ctx.workspaceId), eq(companies.domain, domain))).limit(1))[0];
    if (!found && name) {
      found = (await ctx.tx.select({ id: companies.id }).from(companies).where(and(eq(companies.workspaceId, ctx.workspaceId), sql`lower(${companies.name}) = ${name.toLowerCase()}`)).limit(1))[0];
    }
    let id = found?.id;
    if (!id) {
      id = crypto.randomUUID();
      await ctx.tx.insert(companies).values({ id, workspaceId: ctx.workspaceId, name: name ?? companyNameFromDomain(domain!), domain, createdAt: ctx.now, updatedAt: ctx.now });
      res.records.push({ entityType: 'company', entityId: id, action: 'created' });
      bump(res.summary, 'companiesLinkedCreated');
    }
    for (const k of keys) cache.set(k, id);
    return id;
  };
}
export type CompanyLinker = ReturnType<typeof createCompanyLinker>;
