import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';
import type { Clock } from '../../platform/clock';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const DAY = 86_400_000;

describe('worklist: items, ranking, outcomes and allocation', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let rep: Awaited<ReturnType<Awaited<ReturnType<TestApp['workspace']>>['member']>>;
  let manager: typeof rep;
  let now = T0;
  const clock: Clock = { now: () => new Date(now) };
  const ok = (r: { status: number; body: any }) => {
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ clock });
    ws = await t.workspace('Worklist');
    rep = await ws.member('rep');
    manager = await ws.member('manager');
    const pipeline = ok(await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline));
    const [qualified, proposal] = pipeline.stages;
    // Three deals move Qualified → Proposal after one day: that is the usual time in Qualified.
    for (let i = 0; i < 3; i++) {
      now = T0;
      const d = ok(
        await t.request('POST', '/api/v1/deals', ws.owner, {
          name: `Quick ${i}`,
          stageId: qualified.id,
          amount: 100,
          ownerId: manager.id,
        }),
      );
      now = T0 + DAY;
      ok(await t.request('POST', `/api/v1/deals/${d.id}/move`, ws.owner, { stageId: proposal.id }));
    }
    now = T0 + DAY;
    const buyer = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Stuck',
        lastName: 'Buyer',
        email: 'stuck@x.test',
        phone: '+441234567890',
        ownerId: rep.id,
        lifecycleStage: 'opportunity',
      }),
    );
    ids.stuck = ok(
      await t.request('POST', '/api/v1/deals', ws.owner, {
        name: 'Stuck deal',
        stageId: qualified.id,
        amount: 5000,
        ownerId: rep.id,
        contactId: buyer.id,
      }),
    ).id;
    ids.late = ok(
      await t.request('POST', '/api/v1/deals', ws.owner, {
        name: 'Late deal',
        stageId: proposal.id,
        amount: 800,
        ownerId: rep.id,
        expectedCloseDate: '2026-06-05',
      }),
    ).id;
    // Opens cluster at 09:00 UTC: the best hour to reach the buyer.
    for (let k = 0; k < 5; k++)
      ok(
        await t.request('POST', '/api/v1/activities', ws.owner, {
          type: 'email_opened',
          occurredAt: new Date(T0 - k * DAY + (k % 2 ? 9 : 9.5) * 3600_000 - 12 * 3600_000).toISOString(),
          contactId: buyer.id,
        }),
      );
    now = T0 + 11 * DAY;
    ids.lead = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Lena',
        lastName: 'Lead',
        email: 'lena@x.test',
        ownerId: rep.id,
        lifecycleStage: 'lead',
        source: 'web',
      }),
    ).id;
    const replied = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Rita',
        lastName: 'Reply',
        email: 'rita@x.test',
        ownerId: rep.id,
        lifecycleStage: 'customer',
      }),
    );
    ids.replied = replied.id;
    ok(
      await t.request('POST', '/api/v1/activities', ws.owner, {
        type: 'email_sent',
        occurredAt: new Date(now - 3 * DAY).toISOString(),
        contactId: replied.id,
      }),
    );
    ids.reply = ok(
      await t.request('POST', '/api/v1/activities', ws.owner, {
        type: 'email_replied',
        occurredAt: new Date(now - 2 * DAY).toISOString(),
        contactId: replied.id,
      }),
    ).id;
    now = T0 + 12 * DAY;
  });
  afterAll(() => t.dispose());

  it('lists new leads, follow-ups and deals at risk, each with why, action and value, ranked', async () => {
    const list = ok(await t.request('GET', '/api/v1/worklist', rep));
    const kinds = list.items.map((i: any) => i.key);
    expect(kinds).toContain(`new_lead:${ids.lead}`);
    expect(kinds).toContain(`follow_up:${ids.reply}`);
    expect(kinds).toContain(`deal_at_risk:${ids.stuck}`);
    expect(kinds).toContain(`deal_at_risk:${ids.late}`);
    const stuck = list.items.find((i: any) => i.key === `deal_at_risk:${ids.stuck}`);
    expect(stuck.why).toMatch(/11 days in Qualified, where deals usually spend 1 days/);
    expect(stuck.expectedValue).toBe(1000); // 5000 × 20%
    expect(stuck.action).toBe('meeting');
    expect(stuck.bestHour).toBe(9);
    expect(stuck.bestHourNote).toMatch(/09:00/);
    const late = list.items.find((i: any) => i.key === `deal_at_risk:${ids.late}`);
    expect(late.why).toMatch(/2026-06-05, which has passed/);
    const lead = list.items.find((i: any) => i.key === `new_lead:${ids.lead}`);
    expect(lead.why).toMatch(/24 h response target/);
    expect(lead.action).toBe('email');
    const priorities = list.items.map((i: any) => i.priority);
    expect([...priorities].sort((a, b) => b - a)).toEqual(priorities);
    expect(list.notes.join(' ')).toMatch(/segments have been computed/);
  });

  it('a stricter response target makes the new lead overdue', async () => {
    ok(await t.request('PUT', '/api/v1/worklist/settings', ws.owner, { responseTargetHours: 12 }));
    const list = ok(await t.request('GET', '/api/v1/worklist', rep));
    expect(list.items.find((i: any) => i.key === `new_lead:${ids.lead}`).urgency).toBe('overdue');
    const denied = await t.request('PUT', '/api/v1/worklist/settings', rep, { responseTargetHours: 2 });
    expect(denied.status).toBe(403);
  });

  it('stores outcomes: dismissed needs a reason; done, snoozed and dismissed items leave the list', async () => {
    const noReason = await t.request('POST', '/api/v1/worklist/outcomes', rep, {
      itemKey: `deal_at_risk:${ids.late}`,
      outcome: 'dismissed',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.field).toBe('reason');
    ok(
      await t.request('POST', '/api/v1/worklist/outcomes', rep, {
        itemKey: `deal_at_risk:${ids.late}`,
        outcome: 'dismissed',
        reason: 'Customer postponed to Q3',
      }),
    );
    ok(
      await t.request('POST', '/api/v1/worklist/outcomes', rep, {
        itemKey: `follow_up:${ids.reply}`,
        outcome: 'snoozed',
        snoozeHours: 4,
      }),
    );
    ok(
      await t.request('POST', '/api/v1/worklist/outcomes', rep, {
        itemKey: `new_lead:${ids.lead}`,
        outcome: 'done',
        expectedValue: 10,
      }),
    );
    const keys = ok(await t.request('GET', '/api/v1/worklist', rep)).items.map((i: any) => i.key);
    expect(keys).not.toContain(`deal_at_risk:${ids.late}`);
    expect(keys).not.toContain(`follow_up:${ids.reply}`);
    expect(keys).not.toContain(`new_lead:${ids.lead}`);
    now += 5 * 3600_000; // the snooze ends
    expect(ok(await t.request('GET', '/api/v1/worklist', rep)).items.map((i: any) => i.key)).toContain(
      `follow_up:${ids.reply}`,
    );
    const stats = ok(await t.request('GET', '/api/v1/worklist/outcomes/stats', manager));
    expect(stats.data.find((s: any) => s.kind === 'deal_at_risk' && s.outcome === 'dismissed').items).toBe(1);
  });

  it('managers can see a rep’s list; reps cannot see each other’s', async () => {
    const seen = ok(await t.request('GET', `/api/v1/worklist?userId=${rep.id}`, manager));
    expect(seen.user.id).toBe(rep.id);
    const blocked = await t.request('GET', `/api/v1/worklist?userId=${manager.id}`, rep);
    expect(blocked.status).toBe(403);
  });

  it("the owner's team list holds every member's items, each marked with whose it is", async () => {
    const team = ok(await t.request('GET', '/api/v1/worklist?team=true', ws.owner));
    const repList = ok(await t.request('GET', `/api/v1/worklist?userId=${rep.id}`, ws.owner));
    const managerList = ok(await t.request('GET', `/api/v1/worklist?userId=${manager.id}`, ws.owner));
    expect(repList.items.length + managerList.items.length).toBeGreaterThan(0);
    for (const [list, who] of [
      [repList, rep],
      [managerList, manager],
    ] as const)
      for (const i of list.items)
        expect(team.items.find((x: any) => x.key === i.key && x.assigneeId === who.id)?.assigneeName).toBeTruthy();
    const p = team.items.map((i: any) => i.priority);
    expect(p).toEqual([...p].sort((a: number, b: number) => b - a));
    expect((await t.request('GET', '/api/v1/worklist?team=true', rep)).status).toBe(403);
  });

  it('churn-risk customers appear once segments are computed', async () => {
    const product = ok(await t.request('POST', '/api/v1/products', ws.owner, { name: 'Beans', sku: 'B1', price: 30 }));
    // Rita used to order every 10 days, then stopped 80 days ago; others keep buying.
    for (let k = 0; k < 5; k++)
      ok(
        await t.request('POST', '/api/v1/orders', ws.owner, {
          contactId: ids.replied,
          orderedAt: new Date(now - (80 + k * 10) * DAY).toISOString(),
          lines: [{ productId: product.id, quantity: 10, unitPrice: 30 }],
        }),
      );
    for (let i = 0; i < 4; i++) {
      const c = ok(
        await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: `Buyer${i}`, lifecycleStage: 'customer' }),
      );
      for (let k = 0; k < 3; k++)
        ok(
          await t.request('POST', '/api/v1/orders', ws.owner, {
            contactId: c.id,
            orderedAt: new Date(now - (2 + k * 7 + i) * DAY).toISOString(),
            lines: [{ productId: product.id, quantity: 1, unitPrice: 30 }],
          }),
        );
    }
    await t.services.runner.runNow('segments.compute', {}, ws.id);
    const list = ok(await t.request('GET', '/api/v1/worklist', rep));
    const churn = list.items.find((i: any) => i.key === `churn_risk:${ids.replied}`);
    expect(churn.why).toMatch(/No order for 80 days; they usually order every 10 days/);
    expect(churn.expectedValue).toBeGreaterThan(0);
  });

  it('allocates unassigned leads by territory and capacity, shows the load and rebalances', async () => {
    const rep2 = await ws.member('rep', 'uk');
    ok(await t.request('PUT', `/api/v1/worklist/reps/${rep2.id}`, manager, { territory: 'gb', capacity: 10 }));
    const gb = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Gb', country: 'GB', lifecycleStage: 'lead' }),
    ).id;
    const us = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Us', country: 'US', lifecycleStage: 'lead' }),
    ).id;
    const plan = ok(await t.request('POST', '/api/v1/worklist/allocate', manager, { dryRun: true }));
    expect(plan.assigned).toBe(2);
    expect(ok(await t.request('GET', `/api/v1/contacts/${gb}`, ws.owner)).ownerId).toBeNull();
    const done = ok(await t.request('POST', '/api/v1/worklist/allocate', manager, {}));
    const to = (id: string) => done.assignments.find((a: any) => a.contactId === id).userId;
    expect(to(gb)).toBe(rep2.id);
    expect([rep.id, rep2.id]).toContain(to(us));
    expect(ok(await t.request('GET', `/api/v1/contacts/${gb}`, ws.owner)).ownerId).toBe(rep2.id);
    const load = ok(await t.request('GET', '/api/v1/worklist/load', manager));
    expect(load.reps.map((r: any) => r.userId).sort()).toEqual([rep.id, rep2.id].sort());
    expect(load.unassignedLeads).toBe(0);
    expect((await t.request('POST', '/api/v1/worklist/allocate', rep, {})).status).toBe(403);
    // Six more GB leads all go to the GB rep, who ends up well above the other; rebalancing evens that out.
    for (let i = 0; i < 6; i++)
      ok(
        await t.request('POST', '/api/v1/contacts', ws.owner, {
          firstName: `Gb${i}`,
          country: 'GB',
          lifecycleStage: 'lead',
        }),
      );
    const second = ok(await t.request('POST', '/api/v1/worklist/allocate', manager, {}));
    expect(second.assignments.every((a: any) => a.userId === rep2.id)).toBe(true);
    const before = ok(await t.request('GET', '/api/v1/worklist/load', manager)).reps;
    const loadOf = (reps: any[], id: string) => reps.find((r: any) => r.userId === id).load;
    expect(loadOf(before, rep2.id) - loadOf(before, rep.id)).toBeGreaterThan(1);
    const rebalanced = ok(await t.request('POST', '/api/v1/worklist/rebalance', manager, {}));
    expect(rebalanced.moved).toBeGreaterThan(0);
    expect(rebalanced.moves.every((m: any) => m.userId === rep.id)).toBe(true);
    const after = ok(await t.request('GET', '/api/v1/worklist/load', manager)).reps;
    expect(Math.abs(loadOf(after, rep2.id) - loadOf(after, rep.id))).toBeLessThanOrEqual(1);
  });

  it('lists tasks due by today, reading a malformed due date as the task date instead of failing', async () => {
    const task = (subject: string, metadata: Record<string, unknown>) =>
      t
        .request('POST', '/api/v1/activities', ws.owner, {
          type: 'task',
          occurredAt: new Date(now - 3 * DAY).toISOString(),
          subject,
          ownerId: rep.id,
          contactId: ids.replied,
          metadata,
        })
        .then(ok);
    const due = await task('Send the quote', { dueAt: new Date(now - DAY).toISOString() });
    const garbled = await task('Call back', { dueAt: 'next tuesday-ish' });
    const later = await task('Quarterly review', { dueAt: new Date(now + 10 * DAY).toISOString() });
    const done = await task('Old one', { dueAt: new Date(now - DAY).toISOString(), done: true });
    const items = ok(await t.request('GET', '/api/v1/worklist', rep)).items;
    const keys = items.map((i: any) => i.key);
    expect(keys).toContain(`follow_up:${due.id}`);
    expect(keys).toContain(`follow_up:${garbled.id}`);
    expect(keys).not.toContain(`follow_up:${later.id}`);
    expect(keys).not.toContain(`follow_up:${done.id}`);
    expect(items.find((i: any) => i.key === `follow_up:${due.id}`)).toMatchObject({
      title: 'Task: Send the quote',
      urgency: 'overdue',
    });
  });

  it('uses the scoring module: the deal score for expected value, lead tier in rule segments', async () => {
    const [model] = (
      await t.database.query(
        `insert into scoring_models (workspace_id, target, version, state, family, snapshot, features, params, report, card, model, ready, trained_at, trained_by)
       values ($1, 'deal_won', 1, 'active', 'logistic', '{}', '[]', '{}', '{}', '{}', '{}', true, now(), 'test') returning id`,
        [ws.id],
      )
    ).rows;
    await t.database.query(
      `insert into scoring_scores (workspace_id, entity, entity_id, model_id, model_version, probability, tier, factors, scored_at) values ($1, 'deal', $2, $3, 1, 0.9, 'A', '{"positive":[],"negative":[]}', now())`,
      [ws.id, ids.stuck, model.id],
    );
    await t.database.query(
      `insert into scoring_scores (workspace_id, entity, entity_id, model_id, model_version, probability, tier, factors, scored_at) values ($1, 'contact', $2, $3, 1, 0.8, 'A', '{"positive":[],"negative":[]}', now())`,
      [ws.id, ids.lead, model.id],
    );
    const stuck = ok(await t.request('GET', '/api/v1/worklist', rep)).items.find(
      (i: any) => i.key === `deal_at_risk:${ids.stuck}`,
    );
    expect(stuck.expectedValue).toBe(4500);
    expect(stuck.valueBasis).toMatch(/90% deal score/);
    const tierA = ok(
      await t.request('POST', '/api/v1/segments/rules', ws.owner, {
        name: 'Tier A leads',
        rules: [
          { field: 'score.tier', op: 'eq', value: 'A' },
          { field: 'lifecycleStage', op: 'eq', value: 'lead' },
        ],
      }),
    );
    expect(tierA.memberCount).toBe(1);
  });
});
