import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import { seesEverything } from '../auth/access';

export type MemberFilter = { segment?: string; cluster?: number; churnRisk?: boolean; rule?: string };

export type MemberRow = {
  contact_id: string;
  name: string;
  email: string | null;
  country: string | null;
  owner_name: string | null;
  recency_days: number | null;
  frequency: number | null;
  monetary: number | null;
  r: number | null;
  f: number | null;
  m: number | null;
  segment: string | null;
  cluster: number | null;
  clv: number | null;
  churn_risk: boolean | null;
  last_order_at: Date | string | null;
};

/** Reps see only their own customers (and unassigned ones when the workspace allows): the same rule as contact lists. */
function scope(actor: Actor): SQL {
  if (seesEverything(actor)) return sql`true`;
  const mine = actor.userId ? sql`c.owner_id = ${actor.userId}` : sql`false`;
  return actor.repsSeeUnassigned ? sql`(${mine} or c.owner_id is null)` : mine;
}

/** Read-side queries: members of an RFM segment, cluster or rule segment, and who moved between segments. */
export function createSegmentQueries(db: Db) {
  return {
    async members(actor: Actor, filter: MemberFilter, page: { limit: number; offset: number }) {
      const conds: SQL[] = [sql`c.workspace_id = ${actor.workspaceId}`, scope(actor)];
      if (filter.rule) {
        conds.push(
          sql`exists (select 1 from segment_memberships sm where sm.workspace_id = c.workspace_id and sm.contact_id = c.id and sm.kind = 'rule' and sm.segment_key = ${filter.rule} and sm.left_at is null)`,
        );
      } else conds.push(sql`r.contact_id is not null`);
      if (filter.segment) conds.push(sql`r.segment = ${filter.segment}`);
      if (filter.cluster !== undefined) conds.push(sql`r.cluster = ${filter.cluster}`);
      if (filter.churnRisk !== undefined) conds.push(sql`r.churn_risk = ${filter.churnRisk}`);
      const where = sql.join(conds, sql` and `);
      const from = sql`contacts c left join customer_rfm r on r.workspace_id = c.workspace_id and r.contact_id = c.id left join users u on u.id = c.owner_id`;
      const rows = await rowsOf<MemberRow>(
        db,
        sql`
        select c.id as contact_id, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as name, c.email, c.country, u.name as owner_name,
          r.recency_days, r.frequency, r.monetary, r.r, r.f, r.m, r.segment, r.cluster, r.clv, r.churn_risk, r.last_order_at
        from ${from} where ${where}
        order by r.monetary desc nulls last, c.id limit ${page.limit} offset ${page.offset}`,
      );
      const [count] = await rowsOf<{ n: string | number }>(db, sql`select count(*) as n from ${from} where ${where}`);
      return { rows, total: Number(count?.n ?? 0) };
    },

    /** Contacts who left segment `from` and entered `to` at the same instant within [since, until). */
    async moves(actor: Actor, opts: { from?: string; to?: string; since: Date; until: Date; limit: number }) {
      const conds: SQL[] = [
        sql`o.workspace_id = ${actor.workspaceId}`,
        sql`o.kind = 'rfm'`,
        sql`o.left_at >= ${opts.since}`,
        sql`o.left_at < ${opts.until}`,
        scope(actor),
      ];
      if (opts.from) conds.push(sql`o.segment_key = ${opts.from}`);
      if (opts.to) conds.push(sql`n.segment_key = ${opts.to}`);
      const base = sql`segment_memberships o
        join segment_memberships n on n.workspace_id = o.workspace_id and n.contact_id = o.contact_id and n.kind = 'rfm' and n.entered_at = o.left_at
        join contacts c on c.workspace_id = o.workspace_id and c.id = o.contact_id
        where ${sql.join(conds, sql` and `)}`;
      const matrix = await rowsOf<{ from: string; to: string; n: string | number }>(
        db,
        sql`select o.segment_key as "from", n.segment_key as "to", count(*) as n from ${base} group by 1, 2 order by 3 desc`,
      );
      const rows = await rowsOf<{
        contact_id: string;
        name: string;
        email: string | null;
        from: string;
        to: string;
        moved_at: Date | string;
      }>(
        db,
        sql`
        select c.id as contact_id, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as name, c.email, o.segment_key as "from", n.segment_key as "to", n.entered_at as moved_at
        from ${base} order by n.entered_at desc, c.id limit ${opts.limit}`,
      );
      return { matrix: matrix.map((m) => ({ from: m.from, to: m.to, customers: Number(m.n) })), rows };
    },

    /** Up to `limit` customers of the latest run for the scatter chart, spread over the whole list (not the top). */
    async scatter(actor: Actor, limit: number) {
      return rowsOf<{ recency_days: number; frequency: number; monetary: number; cluster: number; segment: string }>(
        db,
        sql`
        select recency_days, frequency, monetary, cluster, segment from (
          select r.*, row_number() over (order by r.contact_id) as rn, count(*) over () as total from customer_rfm r
          join contacts c on c.workspace_id = r.workspace_id and c.id = r.contact_id
          where r.workspace_id = ${actor.workspaceId} and ${scope(actor)}
        ) t where (rn - 1) % greatest(1, ceil(total::numeric / ${limit}))::int = 0`,
      );
    },
  };
}
export type SegmentQueries = ReturnType<typeof createSegmentQueries>;
