import { and, eq, isNull, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import { assertCanWrite, assertRole } from '../auth/access';
import { users } from '../auth/auth.schema';
import type { RecommendationsService } from '../recommendations/recommendations.service';
import { createWorklistSources } from './worklist.repo';
import { worklistOutcomes, worklistSettings } from './worklist.schema';
import { bestHour, formatHour } from './best-hour';
import { urgencyWeight, type Action, type WorklistItem, type outcomeInput, type settingsInput } from './worklist.model';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Assumed share of churn-risk customers a call wins back, and of upsell suggestions that are bought. */
export const WIN_BACK_RATE = 0.25;
export const UPSELL_RATE = 0.15;
const round = (v: number) => Math.round(v * 100) / 100;
const fmt = (v: number) => Math.round(v).toLocaleString('en');

export function createWorklistService({
  db,
  clock,
  audit,
  recommendations,
  workspaceTimezone,
}: {
  db: Db;
  clock: Clock;
  audit: AuditService;
  recommendations: RecommendationsService;
  /** The workspace's time zone setting (the workspaces service's `get`), for the best hour to call. */
  workspaceTimezone: (workspaceId: string) => Promise<string | undefined>;
}) {
  const sources = createWorklistSources(db);

  async function settings(workspaceId: string) {
    const [row] = await db.select().from(worklistSettings).where(eq(worklistSettings.workspaceId, workspaceId));
    return { responseTargetHours: row?.responseTargetHours ?? 24, stallMultiple: row?.stallMultiple ?? 2 };
  }

  async function resolveUser(actor: Actor, userId?: string) {
    const target = userId ?? actor.userId;
    if (!target)
      throw new AppError('bad_request', 'An API key has no worklist of its own: pass ?userId=', {
        field: 'query.userId',
      });
    if (target !== actor.userId) assertRole(actor, 'manager');
    const [u] = await db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, target)));
    if (!u) throw new AppError('not_found', `No user ${target} in this workspace`, { field: 'query.userId' });
    return u;
  }

  /** The ranked list for one user: every candidate source, minus what was done, snoozed or dismissed. */
  async function forUser(actor: Actor, userId?: string) {
    const user = await resolveUser(actor, userId);
    const ws = actor.workspaceId;
    const now = clock.now();
    const cfg = await settings(ws);
    const timezone = (await workspaceTimezone(ws)) || 'UTC';
    const [leads, replies, tasks, deals, churn, upsell, leadValue, hasRfm] = await Promise.all([
      sources.newLeads(ws, user.id, now),
      sources.followUps(ws, user.id, now),
      sources.tasks(ws, user.id),
      sources.deals(ws, user.id, now),
      sources.churn(ws, user.id),
      sources.upsell(ws, user.id),
      sources.leadValue(ws),
      db
        .execute(sql`select exists (select 1 from segment_runs where workspace_id = ${ws}) as has`)
        .then((r) => Boolean((r as unknown as { rows: { has: boolean }[] }).rows[0]?.has)),
    ]);
    const items: Omit<WorklistItem, 'bestHour' | 'bestHourNote' | 'priority'>[] = [];
    const reach = (
      c: { phone: string | null; email: string | null; consent: string | null },
      prefer: Action,
    ): Action => {
      const canEmail = Boolean(c.email) && c.consent !== 'denied';
      if (prefer === 'email' && !canEmail) return 'call';
      if (prefer === 'call' && !c.phone && canEmail) return 'email';
      return prefer;
    };
    const urgencyOf = (due: number): WorklistItem['urgency'] =>
      due < now.getTime() ? 'overdue' : due < now.getTime() + DAY ? 'today' : 'soon';

    const leadWorth = round(leadValue.firstOrder * leadValue.rate);
    for (const l of leads) {
      const due = new Date(l.created_at).getTime() + cfg.responseTargetHours * HOUR;
      const late = due < now.getTime();
      // The lead score (scoring module) when there is one, else the workspace's conversion rate.
      const p = l.score ?? leadValue.rate;
      items.push({
        key: `new_lead:${l.contact_id}`,
        kind: 'new_lead',
        title: l.name || l.email || 'Unnamed lead',
        why: `${late ? `Waiting ${Math.round((now.getTime() - due) / HOUR)} h past` : `${Math.max(0, Math.round((due - now.getTime()) / HOUR))} h left of`} the ${cfg.responseTargetHours} h response target${l.source ? ` (came from ${l.source})` : ''}; nobody has called, emailed or met them yet.`,
        action: reach(l, l.phone ? 'call' : 'email'),
        expectedValue: round(leadValue.firstOrder * p),
        valueBasis: `typical first order ${fmt(leadValue.firstOrder)} × ${Math.round(p * 100)}% ${l.score !== null ? `lead score${l.tier ? ` (tier ${l.tier})` : ''}` : 'of contacts who become customers'}`,
        urgency: urgencyOf(due),
        dueAt: new Date(due).toISOString(),
        contactId: l.contact_id,
        contactName: l.name,
        dealId: null,
        productId: null,
      });
    }
    // A task's due date is metadata written by people and imports: anything unparseable falls back to the task's date.
    const dueOf = (raw: string | null, at: string | Date) =>
      raw && Number.isFinite(Date.parse(raw)) ? Date.parse(raw) : new Date(at).getTime();
    const follow = [
      ...replies.map((r) => ({ ...r, due: new Date(r.at).getTime() + cfg.responseTargetHours * HOUR })),
      ...tasks
        .map((t) => ({ ...t, kind: 'task', due: dueOf(t.due_raw, t.at) }))
        .filter((t) => t.due <= now.getTime() + DAY),
    ];
    for (const f of follow) {
      const isTask = f.kind === 'task';
      const due = f.due;
      items.push({
        key: `follow_up:${f.activity_id}`,
        kind: 'follow_up',
        title: isTask ? `Task: ${f.subject ?? 'follow up'}` : `Reply to ${f.name || f.email}`,
        why: isTask
          ? `Task due ${new Date(due).toISOString().slice(0, 10)}.`
          : `${f.kind === 'email_replied' ? 'Replied to an email' : `Filled in ${f.subject ?? 'a form'}`} ${Math.max(0, Math.round((now.getTime() - new Date(f.at).getTime()) / HOUR))} h ago and has had no answer since.`,
        action: f.contact_id ? reach(f, f.kind === 'email_replied' ? 'email' : 'call') : 'call',
        expectedValue: leadWorth,
        valueBasis: 'value of an engaged lead (typical first order × conversion rate)',
        urgency: urgencyOf(due),
        dueAt: new Date(due).toISOString(),
        contactId: f.contact_id,
        contactName: f.name,
        dealId: null,
        productId: null,
      });
    }
    const amounts = deals.map((d) => Number(d.amount ?? 0)).sort((a, b) => a - b);
    const medianAmount = amounts.length ? amounts[amounts.length >> 1]! : 0;
    const today = now.toISOString().slice(0, 10);
    for (const d of deals) {
      const days = Number(d.days_in_stage);
      const usual = d.median_days === null ? null : Number(d.median_days);
      const stalled = usual !== null && Number(d.moves) >= 3 && days > Math.max(7, cfg.stallMultiple * usual);
      const overdue = d.expected_close_date !== null && d.expected_close_date < today;
      if (!stalled && !overdue) continue;
      const reasons = [
        stalled ? `${Math.round(days)} days in ${d.stage}, where deals usually spend ${Math.round(usual!)} days` : null,
        overdue ? `expected to close on ${d.expected_close_date}, which has passed` : null,
      ].filter(Boolean);
      const amount = Number(d.amount ?? 0);
      const p = d.score ?? Number(d.probability); // the deal score when the scoring module has one
      items.push({
        key: `deal_at_risk:${d.deal_id}`,
        kind: 'deal_at_risk',
        title: d.deal_name,
        why: `${reasons.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()),
        action: d.contact_id ? reach(d, amount >= medianAmount && amount > 0 ? 'meeting' : 'call') : 'call',
        expectedValue: round(amount * p),
        valueBasis: `amount ${fmt(amount)} × ${Math.round(p * 100)}% ${d.score !== null ? 'deal score' : 'stage probability'}`,
        urgency: overdue ? 'overdue' : 'today',
        dueAt: d.expected_close_date,
        contactId: d.contact_id,
        contactName: d.name,
        dealId: d.deal_id,
        productId: null,
      });
    }
    for (const c of churn) {
      items.push({
        key: `churn_risk:${c.contact_id}`,
        kind: 'churn_risk',
        title: c.name || c.email || 'Unnamed customer',
        why: `No order for ${c.recency_days} days; they usually order every ${Math.round(c.usual_gap_days)} days (${c.frequency} orders, ${fmt(c.monetary)} spent, segment ${c.segment}).`,
        action: reach(c, c.segment === "Can't lose them" || c.monetary >= 1000 ? 'call' : 'email'),
        expectedValue: round(c.clv * WIN_BACK_RATE),
        valueBasis: `lifetime value ${fmt(c.clv)} × ${WIN_BACK_RATE * 100}% assumed win-back rate`,
        urgency: 'today',
        dueAt: null,
        contactId: c.contact_id,
        contactName: c.name,
        dealId: null,
        productId: null,
      });
    }
    const system: Actor = { ...actor, role: 'owner' };
    for (const u of upsell) {
      const rec = await recommendations.forContact(system, u.contact_id, 1).catch(() => null);
      const top = rec?.items[0];
      if (!top) continue;
      const worth = (top.price ?? u.monetary / Math.max(1, u.frequency)) * UPSELL_RATE;
      items.push({
        key: `upsell:${u.contact_id}`,
        kind: 'upsell',
        title: `Offer ${top.name} to ${u.name || u.email}`,
        why: `${u.segment} customer (${u.frequency} orders). ${top.reason}.`,
        action: reach(u, 'email'),
        expectedValue: round(worth),
        valueBasis: `price ${top.price ?? 'n/a'} × ${UPSELL_RATE * 100}% assumed uptake`,
        urgency: 'soon',
        dueAt: null,
        contactId: u.contact_id,
        contactName: u.name,
        dealId: null,
        productId: top.productId,
      });
    }

    const latest = new Map((await sources.outcomes(ws, user.id)).map((o) => [o.item_key, o]));
    const hidden = (key: string) => {
      const o = latest.get(key);
      if (!o) return false;
      const age = now.getTime() - new Date(o.created_at).getTime();
      if (o.outcome === 'snoozed')
        return o.snoozed_until !== null && new Date(o.snoozed_until).getTime() > now.getTime();
      return o.outcome === 'done' ? age < DAY : age < 30 * DAY;
    };
    const visible = items.filter((i) => !hidden(i.key));
    const hours = await sources.engagementHours(
      ws,
      [...new Set(visible.map((i) => i.contactId).filter((c): c is string => Boolean(c)))],
      timezone,
      now,
    );
    const ranked: WorklistItem[] = visible.map((i) => {
      const best = i.contactId ? bestHour(hours.get(i.contactId) ?? []) : null;
      return {
        ...i,
        bestHour: best?.hour ?? null,
        bestHourNote: best
          ? `Most active around ${formatHour(best.hour)} (${timezone}): ${Math.round(best.share * 100)}% of ${best.events} opens, clicks and visits`
          : null,
        priority: round(Math.max(1, i.expectedValue) * urgencyWeight[i.urgency]),
      };
    });
    ranked.sort((a, b) => b.priority - a.priority || a.key.localeCompare(b.key));
    const notes: string[] = [];
    if (!hasRfm)
      notes.push(
        'Churn-risk and upsell items appear once segments have been computed (Segments page, or `pipewise segments run`).',
      );
    return {
      user,
      generatedAt: now.toISOString(),
      settings: cfg,
      timezone,
      items: ranked,
      counts: Object.fromEntries(
        ['new_lead', 'follow_up', 'deal_at_risk', 'churn_risk', 'upsell'].map((k) => [
          k,
          ranked.filter((i) => i.kind === k).length,
        ]),
      ),
      notes,
    };
  }

  /**
   * The team's list for an owner or manager: every active member's items (reps, managers, admins and owners alike),
   * each marked with whose it is, ranked together. Only managers and above.
   */
  async function forTeam(actor: Actor, limit = 300) {
    assertRole(actor, 'manager');
    const members = await db
      .select({ id: users.id, name: users.name, role: users.role })
      .from(users)
      .where(and(eq(users.workspaceId, actor.workspaceId), isNull(users.disabledAt)));
    const lists = [];
    for (const m of members.filter((x) => x.role !== 'viewer')) lists.push(await forUser(actor, m.id));
    const items = lists
      .flatMap((l) => l.items.map((i) => ({ ...i, assigneeId: l.user.id, assigneeName: l.user.name })))
      .sort((a, b) => b.priority - a.priority || a.key.localeCompare(b.key));
    const first = lists[0] ?? (await forUser(actor));
    return {
      ...first,
      user: { id: actor.userId ?? '', name: 'Your team', email: '' },
      items: items.slice(0, limit),
      counts: Object.fromEntries(
        ['new_lead', 'follow_up', 'deal_at_risk', 'churn_risk', 'upsell'].map((k) => [
          k,
          items.filter((i) => i.kind === k).length,
        ]),
      ),
      notes: [...new Set(lists.flatMap((l) => l.notes))],
    };
  }

  return {
    forUser,
    forTeam,
    settings: (actor: Actor) => settings(actor.workspaceId),

    async updateSettings(actor: Actor, input: z.infer<typeof settingsInput>) {
      assertRole(actor, 'admin');
      const before = await settings(actor.workspaceId);
      await db.transaction(async (tx) => {
        await tx
          .insert(worklistSettings)
          .values({ workspaceId: actor.workspaceId, ...before, ...input, updatedAt: clock.now() })
          .onConflictDoUpdate({ target: worklistSettings.workspaceId, set: { ...input, updatedAt: clock.now() } });
        await audit.record(tx, actor, {
          action: 'worklist.settings',
          entityType: 'workspace',
          entityId: actor.workspaceId,
          before,
          after: input,
        });
      });
      return settings(actor.workspaceId);
    },

    async recordOutcome(actor: Actor, input: z.infer<typeof outcomeInput>) {
      assertCanWrite(actor);
      if (!actor.userId)
        throw new AppError('bad_request', 'Outcomes are recorded for a user; sign in rather than using an API key');
      const now = clock.now();
      const snoozedUntil =
        input.outcome === 'snoozed' ? new Date(now.getTime() + (input.snoozeHours ?? 24) * HOUR) : null;
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(worklistOutcomes)
          .values({
            workspaceId: actor.workspaceId,
            userId: actor.userId,
            itemKey: input.itemKey,
            itemKind: input.itemKey.split(':')[0]!,
            outcome: input.outcome,
            reason: input.reason ?? null,
            snoozedUntil,
            expectedValue: input.expectedValue ?? null,
            createdAt: now,
          })
          .returning();
        await audit.record(tx, actor, {
          action: `worklist.${input.outcome}`,
          entityType: 'worklist_item',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
    },

    /** Done / snoozed / dismissed counts and value per kind over the last `days`, to measure the worklist later. */
    async outcomeStats(actor: Actor, days: number) {
      assertRole(actor, 'manager');
      const since = new Date(clock.now().getTime() - days * DAY);
      const rows = (await db.execute(
        sql`select item_kind, outcome, count(*) as n, coalesce(sum(expected_value), 0) as value from worklist_outcomes where workspace_id = ${actor.workspaceId} and created_at >= ${since} group by 1, 2 order by 1, 2`,
      )) as unknown as { rows: { item_kind: string; outcome: string; n: string | number; value: string | number }[] };
      return rows.rows.map((r) => ({
        kind: r.item_kind,
        outcome: r.outcome,
        items: Number(r.n),
        expectedValue: Number(r.value),
      }));
    },
  };
}
export type WorklistService = ReturnType<typeof createWorklistService>;
