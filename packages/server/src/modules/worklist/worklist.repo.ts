import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';

const OUTBOUND = sql`('email_sent', 'call', 'meeting')`;
const INBOUND = sql`('email_opened', 'email_clicked', 'email_replied', 'web_visit', 'form_fill')`;
const name = sql`trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, ''))`;

type ContactBits = { contact_id: string; name: string; phone: string | null; email: string | null; consent: string };

/** The raw candidates of a worklist, one query per kind; the service turns them into ranked items. */
export function createWorklistSources(db: Db) {
  return {
    /** Leads owned by the user, created in the last 30 days, not yet called, emailed or met. */
    newLeads: (ws: string, userId: string, now: Date) =>
      rowsOf<
        ContactBits & { created_at: string | Date; source: string | null; score: number | null; tier: string | null }
      >(
        db,
        sql`
        select c.id as contact_id, ${name} as name, c.phone, c.email, c.consent_marketing_email as consent, c.created_at, c.source, sc.probability as score, coalesce(sc.override_tier, sc.tier) as tier
        from contacts c left join scoring_scores sc on sc.workspace_id = c.workspace_id and sc.entity = 'contact' and sc.entity_id = c.id
        where c.workspace_id = ${ws} and c.owner_id = ${userId} and c.lifecycle_stage in ('lead', 'mql', 'sql') and not c.do_not_contact
          and c.created_at >= ${new Date(now.getTime() - 30 * 86_400_000)}
          and not exists (select 1 from activities a where a.workspace_id = c.workspace_id and a.contact_id = c.id and a.type in ${OUTBOUND} and a.occurred_at >= c.created_at)
        order by c.created_at limit 100`,
      ),

    /** Inbound replies and form fills in the last 14 days with no outbound touch after them. */
    followUps: (ws: string, userId: string, now: Date) =>
      rowsOf<ContactBits & { kind: string; at: string | Date; subject: string | null; activity_id: string }>(
        db,
        sql`
        select c.id as contact_id, ${name} as name, c.phone, c.email, c.consent_marketing_email as consent, a.type as kind, a.occurred_at as at, a.subject, a.id as activity_id
        from activities a join contacts c on c.id = a.contact_id and c.workspace_id = a.workspace_id
        where a.workspace_id = ${ws} and c.owner_id = ${userId} and not c.do_not_contact and a.type in ('email_replied', 'form_fill')
          and a.occurred_at >= ${new Date(now.getTime() - 14 * 86_400_000)} and a.occurred_at <= ${now}
          and not exists (select 1 from activities b where b.workspace_id = a.workspace_id and b.contact_id = a.contact_id and b.type in ${OUTBOUND} and b.occurred_at > a.occurred_at)
        order by a.occurred_at desc limit 100`,
      ),

    /** Open tasks of the user; the service reads `dueAt` from their metadata (falling back to the task's date). */
    tasks: (ws: string, userId: string) =>
      rowsOf<ContactBits & { at: string | Date; subject: string | null; activity_id: string; due_raw: string | null }>(
        db,
        sql`
        select c.id as contact_id, ${name} as name, c.phone, c.email, c.consent_marketing_email as consent, a.occurred_at as at, a.subject, a.id as activity_id, a.metadata ->> 'dueAt' as due_raw
        from activities a left join contacts c on c.id = a.contact_id
        where a.workspace_id = ${ws} and a.owner_id = ${userId} and a.type = 'task' and coalesce(a.metadata ->> 'done', 'false') <> 'true'
        order by a.occurred_at desc limit 200`,
      ),

    /**
     * Open deals of the user, with their stage's probability, days in the stage, and the median days deals of the
     * workspace spent in that stage before moving on (from deal_stage_history).
     */
    deals: (ws: string, userId: string, now: Date) =>
      rowsOf<{
        deal_id: string;
        deal_name: string;
        amount: string | number | null;
        probability: number;
        score: number | null;
        stage: string;
        days_in_stage: number;
        median_days: number | null;
        moves: string | number;
        expected_close_date: string | null;
        contact_id: string | null;
        name: string | null;
        phone: string | null;
        email: string | null;
        consent: string | null;
      }>(
        db,
        sql`
        with spans as (
          select h.to_stage_id as stage_id, extract(epoch from (lead(h.changed_at) over (partition by h.deal_id order by h.changed_at) - h.changed_at)) / 86400 as days
          from deal_stage_history h where h.workspace_id = ${ws}
        ), usual as (
          select stage_id, percentile_cont(0.5) within group (order by days) as median_days, count(*) as moves from spans where days is not null group by stage_id
        )
        select d.id as deal_id, d.name as deal_name, d.amount, s.probability, ds.probability as score, s.name as stage, extract(epoch from (${now}::timestamptz - d.stage_entered_at)) / 86400 as days_in_stage,
          u.median_days, coalesce(u.moves, 0) as moves, d.expected_close_date::text as expected_close_date, c.id as contact_id, ${name} as name, c.phone, c.email, c.consent_marketing_email as consent
        from deals d join pipeline_stages s on s.id = d.stage_id left join usual u on u.stage_id = d.stage_id left join contacts c on c.id = d.contact_id
          left join scoring_scores ds on ds.workspace_id = d.workspace_id and ds.entity = 'deal' and ds.entity_id = d.id
        where d.workspace_id = ${ws} and d.owner_id = ${userId} and d.status = 'open'`,
      ),

    /** Customers of the user at churn risk in the latest RFM run, most valuable first. */
    churn: (ws: string, userId: string) =>
      rowsOf<
        ContactBits & {
          clv: number;
          monetary: number;
          frequency: number;
          recency_days: number;
          usual_gap_days: number;
          segment: string;
        }
      >(
        db,
        sql`
        select c.id as contact_id, ${name} as name, c.phone, c.email, c.consent_marketing_email as consent, r.clv, r.monetary, r.frequency, r.recency_days, r.usual_gap_days, r.segment
        from customer_rfm r join contacts c on c.id = r.contact_id
        where r.workspace_id = ${ws} and c.owner_id = ${userId} and r.churn_risk and not c.do_not_contact
        order by r.monetary desc limit 15`,
      ),

    /** Active good customers of the user (recent, buying well): candidates for a cross-sell. */
    upsell: (ws: string, userId: string) =>
      rowsOf<ContactBits & { monetary: number; frequency: number; segment: string }>(
        db,
        sql`
        select c.id as contact_id, ${name} as name, c.phone, c.email, c.consent_marketing_email as consent, r.monetary, r.frequency, r.segment
        from customer_rfm r join contacts c on c.id = r.contact_id
        where r.workspace_id = ${ws} and c.owner_id = ${userId} and not r.churn_risk and not c.do_not_contact and r.segment in ('Champions', 'Loyal', 'Potential loyalists')
        order by r.monetary desc limit 8`,
      ),

    /** Typical first order value and the share of leads that became customers: the value of a new lead. */
    async leadValue(ws: string) {
      const [row] = await rowsOf<{ first_order: number | null; converted: string | number; total: string | number }>(
        db,
        sql`
        select (select percentile_cont(0.5) within group (order by total) from (
                  select distinct on (contact_id) total from orders where workspace_id = ${ws} and contact_id is not null and status not in ('cancelled', 'refunded') and total > 0 order by contact_id, ordered_at) f) as first_order,
               (select count(*) from contacts where workspace_id = ${ws} and became_customer_at is not null) as converted,
               (select count(*) from contacts where workspace_id = ${ws}) as total`,
      );
      const firstOrder = Number(row?.first_order ?? 0);
      const rate = Number(row?.total ?? 0) > 0 ? Number(row?.converted ?? 0) / Number(row!.total) : 0;
      return { firstOrder, rate: Math.max(rate, 0.05) };
    },

    /** Local hours (workspace time zone) of each contact's inbound activity in the last year. */
    async engagementHours(ws: string, contactIds: string[], timezone: string, now: Date) {
      if (contactIds.length === 0) return new Map<string, number[]>();
      const rows = await rowsOf<{ contact_id: string; hour: number }>(
        db,
        sql`
        select contact_id, extract(hour from occurred_at at time zone ${timezone})::int as hour from activities
        where workspace_id = ${ws} and contact_id = any(${sql.param(contactIds)}::uuid[]) and type in ${INBOUND} and occurred_at >= ${new Date(now.getTime() - 365 * 86_400_000)}`,
      );
      const out = new Map<string, number[]>();
      for (const r of rows) out.set(r.contact_id, [...(out.get(r.contact_id) ?? []), Number(r.hour)]);
      return out;
    },

    /** The latest outcome of each item key for this user. */
    outcomes: (ws: string, userId: string) =>
      rowsOf<{ item_key: string; outcome: string; created_at: string | Date; snoozed_until: string | Date | null }>(
        db,
        sql`
        select distinct on (item_key) item_key, outcome, created_at, snoozed_until from worklist_outcomes
        where workspace_id = ${ws} and user_id = ${userId} order by item_key, created_at desc`,
      ),
  };
}
export type WorklistSources = ReturnType<typeof createWorklistSources>;
