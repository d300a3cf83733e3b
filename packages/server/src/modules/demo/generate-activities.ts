// The activity timeline. Engaged people open, click, visit and fill forms more, and converters do so most in the
// weeks before they buy; opens and replies cluster at each person's preferred hour, rep work at office hours.
import { emailSubjects, forms, noteTexts, webPages } from './catalog';
import type { ActivityType } from '../activities/activities.schema';
import type { DemoRows } from './demo.types';
import { clamp } from './random';
import { DAY, atHour, workingTime, type Person, type Sim } from './sim';

const MINUTE = 60_000;

export function generateActivities(sim: Sim, rows: DemoRows, people: Person[], target: number): void {
  const { rng, nowMs } = sim;
  const dealById = new Map(rows.deals.map((d) => [d.id, d]));

  // Budget per person: engagement, time known and open deals earn more history; the total lands on the target.
  const weights = people.map((p) => {
    const tenure = Math.min(1, (nowMs - p.createdMs) / (365 * DAY));
    return (0.4 + 2.2 * p.engagement) * (0.5 + 0.5 * tenure) + 0.8 * p.dealIds.length;
  });
  const totalWeight = weights.reduce((a, b) => a + b, 0);

  // Work that would fall at or after "now" (a working hour later today, the open end of a deal) happened in the
  // last two days instead, spread by the activity's index: not a pile of activities all "5 seconds ago". The
  // spread uses no random draw, so the rest of the demo stays the same.
  const recentPast = (k: number) => nowMs - (10 + ((k * 7919) % (48 * 60 - 10))) * MINUTE;

  people.forEach((p, i) => {
    let left = Math.floor((target * weights[i]!) / totalWeight + rng.next());
    const contact = rows.contacts[p.index]!;
    const companyId = contact.companyId ?? null;
    const clampTime = (ms: number) => clamp(ms, p.createdMs, nowMs);
    const push = (
      type: ActivityType,
      atMs: number,
      byRep: boolean,
      extra: { subject?: string; body?: string; dealId?: string; metadata?: Record<string, unknown> } = {},
    ) => {
      const at = new Date(clampTime(atMs >= nowMs ? recentPast(rows.activities.length) : atMs));
      rows.activities.push({
        id: sim.ids.uuid(),
        workspaceId: sim.workspaceId,
        type,
        occurredAt: at,
        contactId: p.id,
        companyId,
        dealId: extra.dealId ?? null,
        ownerId: byRep ? p.ownerId : null,
        subject: extra.subject ?? null,
        body: extra.body ?? null,
        metadata: extra.metadata ?? {},
        createdAt: at,
        updatedAt: at,
      });
      left--;
    };

    // Sales work on each deal happens between its creation and its close.
    for (const dealId of p.dealIds) {
      const deal = dealById.get(dealId)!;
      const start = deal.createdAt!.getTime();
      const end = deal.closedAt?.getTime() ?? nowMs;
      for (let k = rng.int(1, 4); k > 0 && left > 0; k--) {
        const at = Math.min(nowMs, workingTime(sim, start + rng.next() * (end - start)));
        const type = rng.weighted([
          ['call', p.canCall ? 0.4 : 0],
          ['meeting', p.canCall ? 0.25 : 0],
          ['note', 0.2],
          ['email_sent', p.canEmail ? 0.15 : 0],
        ] as const);
        const subject =
          type === 'call'
            ? `Call with ${contact.firstName}`
            : type === 'meeting'
              ? `Demo and tasting: ${deal.name}`
              : type === 'email_sent'
                ? 'Your quote from Brewline'
                : undefined;
        push(type, at, true, { dealId, subject, body: type === 'note' ? rng.pick(noteTexts) : undefined });
      }
    }

    const lastActive = p.churned ? Math.min(nowMs, p.churnMs + 60 * DAY) : nowMs;
    const anchor = (): number => {
      if (p.conversionMs !== null && rng.chance(0.6))
        return Math.max(p.createdMs, p.conversionMs - rng.exponential(12 * DAY) - 0.3 * DAY);
      if (p.latentConversionMs !== null && rng.chance(0.6))
        return Math.max(p.createdMs, nowMs - rng.exponential(14 * DAY));
      if (p.engagement > 0.5 && rng.chance(0.4)) return Math.max(p.createdMs, nowMs - rng.exponential(30 * DAY));
      return p.createdMs + rng.next() * Math.max(0, lastActive - p.createdMs);
    };
    const kinds = [
      ['email', p.canEmail ? 0.55 : 0],
      ['web', 0.3 + 0.3 * p.engagement],
      ['call', p.b2b && p.canCall && p.ownerId ? 0.08 : 0],
    ] as const;

    while (left > 0) {
      const t = anchor();
      const kind = rng.weighted(kinds);
      if (kind === 'email') {
        const sent = Math.min(nowMs, workingTime(sim, t));
        push('email_sent', sent, true, { subject: rng.pick(emailSubjects) });
        if (left <= 0 || !rng.chance(0.12 + 0.75 * p.engagement)) continue;
        // Opened at the person's own hour, the same day or a few days later.
        let opened = atHour(sent + (rng.chance(0.55) ? 0 : rng.int(1, 3)) * DAY, p.preferredHour + rng.normal(0, 0.6));
        if (opened <= sent) opened += DAY;
        if (opened > nowMs) continue;
        push('email_opened', opened, false);
        if (left > 0 && rng.chance(0.15 + 0.55 * p.engagement))
          push('email_clicked', opened + rng.int(1, 15) * MINUTE, false);
        if (left > 0 && rng.chance((p.b2b ? 0.4 : 0.25) * p.engagement)) {
          push('email_replied', opened + rng.int(5, 120) * MINUTE, true, {
            subject: 'Re: your email',
            body: 'Thanks, sounds good. Can you send more details?',
          });
        }
      } else if (kind === 'web') {
        let at = atHour(t, p.preferredHour + rng.normal(0, 2.5));
        for (let v = 1 + Math.floor(rng.next() * (1 + 3 * p.engagement)); v > 0 && left > 0; v--) {
          push('web_visit', at, false, { metadata: { page: rng.pick(webPages) } });
          at += rng.int(1, 8) * MINUTE;
        }
        if (left > 0 && rng.chance(0.06 + 0.3 * p.engagement)) {
          const form = rng.pick(forms);
          push('form_fill', at + rng.int(1, 5) * MINUTE, false, { subject: form, metadata: { form } });
        }
      } else {
        const at = Math.min(nowMs, workingTime(sim, t));
        push('call', at, true, { subject: `Call with ${contact.firstName}` });
        if (left > 0 && rng.chance(0.5))
          push('note', at + 10 * MINUTE + rng.int(0, 30) * MINUTE, true, { body: rng.pick(noteTexts) });
      }
    }
  });
}
