import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/harness';
import { activities, companies, contacts } from '../../platform/schema';
import { loadSnapshot } from './scoring.repo';
import { contactFeatures, dealFeatures } from './features';
import { describeFactor } from './labels';

const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const DAY = 86_400_000;

/** Seeded PRNG so the workspace is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

type Plan = {
  n: number;
  seed: number;
  convert: (engagement: number, fit: boolean, r: () => number) => boolean;
  customFields?: (i: number, r: () => number) => Record<string, unknown>;
};

/**
 * A workspace with planted signal: engaged leads at well-fitting companies convert more. Rows go straight to the
 * tables (the API is not what is under test here), with creation dates over the last 600 days.
 */
function seededUuid(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

async function seedWorkspace(t: TestApp, workspaceId: string, plan: Plan) {
  const r = rng(plan.seed);
  // Ids from their own seeded stream: many contacts share a creation day, examples with equal dates are ordered by
  // id, so random ids moved rows across the time split from run to run (now and then the newest training rows held
  // one outcome only and the report tested a naive Bayes fallback: AUC 0.5).
  const idRng = rng(plan.seed + 1000);
  const db = t.services.database.db;
  const bands = ['1-10', '11-50', '51-200', '201-1000'];
  const co = await db
    .insert(companies)
    .values(
      bands.map((b, i) => ({
        workspaceId,
        name: `Co ${i}`,
        sizeBand: b,
        industry: i % 2 ? 'Cafe' : 'Retail',
        employees: [5, 30, 120, 600][i]!,
        createdAt: new Date(NOW - 900 * DAY),
      })),
    )
    .returning({ id: companies.id });
  const contactRows = [];
  const activityRows: (typeof activities.$inferInsert)[] = [];
  for (let i = 0; i < plan.n; i++) {
    const created = NOW - Math.floor(r() * 600) * DAY;
    const engagement = r();
    const c = Math.floor(r() * 4);
    const fit = c === 1 || c === 2;
    const converts = plan.convert(engagement, fit, r);
    const convertedAt = converts ? created + (35 + Math.floor(r() * 40)) * DAY : null;
    const id = seededUuid(idRng);
    const done = convertedAt !== null && convertedAt <= NOW;
    contactRows.push({
      id,
      workspaceId,
      companyId: co[c]!.id,
      firstName: `P${i}`,
      email: `p${i}@x.test`,
      title: r() < 0.5 ? 'Owner' : 'Manager',
      source: r() < 0.3 ? 'referral' : 'ads',
      country: 'US',
      createdAt: new Date(created),
      updatedAt: new Date(created),
      becameCustomerAt: done ? new Date(convertedAt) : null,
      lifecycleStage: done ? ('customer' as const) : ('lead' as const),
      customFields: plan.customFields?.(i, r) ?? {},
    });
    const opens = Math.round(engagement * 8);
    for (let k = 0; k < opens; k++)
      activityRows.push({
        workspaceId,
        contactId: id,
        type: k % 3 === 0 ? 'web_visit' : 'email_opened',
        occurredAt: new Date(Math.min(NOW, created + Math.floor(r() * 30) * DAY)),
        createdAt: new Date(created),
      });
  }
  for (let i = 0; i < contactRows.length; i += 500) await db.insert(contacts).values(contactRows.slice(i, i + 500));
  for (let i = 0; i < activityRows.length; i += 1000)
    await db.insert(activities).values(activityRows.slice(i, i + 1000));
  return contactRows;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('scoring end to end', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Scoring');
    seeded = await seedWorkspace(t, ws.id, {
      n: 500,
      seed: 7,
      convert: (e, fit, r) => r() < sigmoid(-3 + 4.5 * e + (fit ? 1.2 : 0)),
      // A constant field, an entirely missing one, NaN/Infinity in a numeric one, and a column with a category per contact.
      customFields: (i, r) => ({
        plan: 'basic',
        budget: i % 7 === 0 ? Number.NaN : i % 11 === 0 ? Number.POSITIVE_INFINITY : Math.round(r() * 1000),
        tag_code: `code-${i}`,
        empty: null,
      }),
    });
  }, 60_000);
  afterAll(() => t.dispose());

  it('trains a candidate that finds the planted signal, with snapshot, report and model card', async () => {
    const res = await t.request(
      'POST',
      '/api/v1/scoring/train',
      { token: ws.owner.token },
      { target: 'contact_conversion' },
    );
    expect(res.status).toBe(202);
    const job = await t.waitForJob(res.body.job.id, ws.owner);
    expect(job.error).toBeNull();
    const status = await t.request('GET', '/api/v1/scoring', { token: ws.owner.token });
    const model = status.body.models.find((m: any) => m.target === 'contact_conversion');
    expect(model.state).toBe('candidate');
    const detail = (await t.request('GET', `/api/v1/scoring/models/${model.id}`, { token: ws.owner.token })).body;
    expect(detail.snapshot.id).toMatch(/^[0-9a-f]{16}$/);
    expect(detail.snapshot.positives + detail.snapshot.negatives).toBe(detail.snapshot.examples);
    expect(detail.report.test.auc).toBeGreaterThan(0.65);
    expect(detail.report.baseline.auc).not.toBeNull();
    expect(detail.report.test.calibration.length).toBe(10);
    expect(detail.report.test.confusion.tp + detail.report.test.confusion.fn).toBe(detail.report.test.positives);
    expect(detail.card.excludedAttributes.join(' ')).toMatch(/consent/);
    expect(detail.features).not.toContain('email');
    expect(detail.model).toBeUndefined(); // the serialised model stays on the server
  });

  it('needs an admin to promote; then scores every open lead with tiers and plain-words factors, no NaN', async () => {
    const model = (await t.request('GET', '/api/v1/scoring', { token: ws.owner.token })).body.models[0];
    const rep = await ws.member('rep');
    expect(
      (await t.request('POST', `/api/v1/scoring/models/${model.id}/promote`, { token: rep.token }, {})).status,
    ).toBe(403);
    const res = await t.request(
      'POST',
      `/api/v1/scoring/models/${model.id}/promote`,
      { token: ws.owner.token },
      model.ready ? {} : { override: true, note: 'test data' },
    );
    expect(res.status).toBe(200);
    await t.waitForJob(res.body.job.id, ws.owner);
    const status = (await t.request('GET', '/api/v1/scoring', { token: ws.owner.token })).body;
    const leads = status.targets.find((x: any) => x.target === 'contact_conversion');
    // The active lead model states the horizon it was trained with; a later change of the setting does not alter it.
    expect(leads.active.horizonDays).toBe(status.horizonDays);
    const open = seeded.filter((c) => c.lifecycleStage === 'lead').length;
    expect(Object.values(leads.tiers).reduce((a: number, b: any) => a + b, 0)).toBe(open);
    expect(Math.abs(leads.tiers.A - open / 4)).toBeLessThan(open * 0.1);
    const bad = await t.database.query(
      "SELECT count(*)::int AS n FROM scoring_scores WHERE probability = 'NaN'::real OR probability < 0.00499 OR probability > 0.99501",
    );
    expect(bad.rows[0].n).toBe(0);

    const lead = seeded.find((c) => c.lifecycleStage === 'lead')!;
    const explained = (await t.request('GET', `/api/v1/scoring/scores/contact/${lead.id}`, { token: rep.token })).body;
    expect(explained.score.tier).toMatch(/^[ABCD]$/);
    const labels = [...explained.score.factors.positive, ...explained.score.factors.negative].map((f: any) => f.label);
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) expect(l).not.toMatch(/_\d+d\b|^[a-z_]+$/); // words, not feature ids
    // Stored as [feature, value, contribution]; the words are those of the stored value.
    const [stored] = (await t.database.query('SELECT factors FROM scoring_scores WHERE entity_id = $1', [lead.id]))
      .rows;
    expect([...stored.factors.positive, ...stored.factors.negative].map((f: unknown[]) => f.length)).toEqual(
      labels.map(() => 3),
    );
    for (const f of [...explained.score.factors.positive, ...explained.score.factors.negative])
      expect(f.label).toBe(describeFactor(f.feature, f.value));
    const customer = seeded.find((c) => c.lifecycleStage === 'customer')!;
    const list = (
      await t.request('GET', `/api/v1/scoring/scores?entity=contact&ids=${lead.id},${customer.id}`, {
        token: rep.token,
      })
    ).body.data;
    expect(list.map((s: any) => s.entityId)).toEqual([lead.id]); // customers are not scored
  });

  it('lets a rep override a tier with a reason, kept as feedback; viewers cannot', async () => {
    const lead = seeded.find((c) => c.lifecycleStage === 'lead')!;
    const viewer = await ws.member('viewer');
    const rep = await ws.member('rep');
    expect(
      (
        await t.request(
          'POST',
          `/api/v1/scoring/scores/contact/${lead.id}/override`,
          { token: viewer.token },
          { tier: 'A', reason: 'Met them at a fair' },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await t.request(
          'POST',
          `/api/v1/scoring/scores/contact/${lead.id}/override`,
          { token: rep.token },
          { tier: 'A' },
        )
      ).status,
    ).toBe(400);
    const res = await t.request(
      'POST',
      `/api/v1/scoring/scores/contact/${lead.id}/override`,
      { token: rep.token },
      { tier: 'A', reason: 'Met them at a fair, ready to buy' },
    );
    expect(res.status).toBe(200);
    const e = (await t.request('GET', `/api/v1/scoring/scores/contact/${lead.id}`, { token: rep.token })).body;
    expect(e.score.tier).toBe('A');
    expect(e.score.override.reason).toBe('Met them at a fair, ready to buy');
    expect(e.feedback[0].reason).toBe('Met them at a fair, ready to buy');
  });

  it('re-scores a lead in the background after its data changes (the 10-minute job)', async () => {
    // A young lead: old unconverted ones sit near 0%, where more engagement barely moves the probability.
    const lead = seeded.filter((c) => c.lifecycleStage === 'lead' && c.createdAt.getTime() > NOW - 30 * DAY)[0]!;
    const before = (await t.request('GET', `/api/v1/scoring/scores/contact/${lead.id}`, { token: ws.owner.token })).body
      .score;
    await t.services.scoring.scoreChanged(ws.id); // first scan: everything counts as changed
    for (let k = 0; k < 12; k++)
      await t.services.database.db.insert(activities).values({
        workspaceId: ws.id,
        contactId: lead.id,
        type: 'email_replied',
        occurredAt: new Date(NOW - k * 3600_000),
        createdAt: new Date(NOW + 60_000),
      });
    const run = await t.services.scoring.scoreChanged(ws.id);
    expect(run.contacts).toBe(1);
    const after = (await t.request('GET', `/api/v1/scoring/scores/contact/${lead.id}`, { token: ws.owner.token })).body
      .score;
    expect(after.probability).not.toBe(before.probability);
    expect(
      [...after.factors.positive, ...after.factors.negative].map((f: { feature: string }) => f.feature),
    ).not.toEqual([...before.factors.positive, ...before.factors.negative].map((f: { feature: string }) => f.feature));
  });

  it('retrains, compares with the previous version, and rolls back in one click', async () => {
    const trained = await t.services.scoring.train(ws.id, 'contact_conversion', 'test');
    expect((trained.report.previous as { version: number }).version).toBe(1);
    const promote = await t.request(
      'POST',
      `/api/v1/scoring/models/${trained.id}/promote`,
      { token: ws.owner.token },
      trained.ready ? {} : { override: true, note: 'test' },
    );
    expect(promote.status).toBe(200);
    await t.waitForJob(promote.body.job.id, ws.owner);
    const back = await t.request(
      'POST',
      '/api/v1/scoring/rollback',
      { token: ws.owner.token },
      { target: 'contact_conversion' },
    );
    expect(back.status).toBe(200);
    expect(back.body.version).toBe(1);
    await t.waitForJob(back.body.job.id, ws.owner);
    const models = (await t.request('GET', '/api/v1/scoring', { token: ws.owner.token })).body.models;
    expect(models.map((m: any) => [m.version, m.state])).toEqual([
      [2, 'retired'],
      [1, 'active'],
    ]);
  });

  it('reads the data as of a date: rows added after it do not change the features', async () => {
    const asOf = new Date(NOW - 100 * DAY);
    const lead = seeded.find((c) => c.createdAt.getTime() < asOf.getTime() - 30 * DAY)!;
    const before = contactFeatures(
      await loadSnapshot(t.services.database.db, ws.id, asOf),
      (await loadSnapshot(t.services.database.db, ws.id, asOf)).contacts.get(lead.id)!,
      asOf.getTime(),
    );
    const later = new Date(asOf.getTime() + DAY);
    await t.services.database.db.insert(activities).values([
      { workspaceId: ws.id, contactId: lead.id, type: 'meeting', occurredAt: later },
      { workspaceId: ws.id, contactId: lead.id, type: 'form_fill', occurredAt: new Date(asOf.getTime() + 1) },
    ]);
    await t.services.database.db.insert(contacts).values({ workspaceId: ws.id, firstName: 'Late', createdAt: later });
    const snap = await loadSnapshot(t.services.database.db, ws.id, asOf);
    expect(contactFeatures(snap, snap.contacts.get(lead.id)!, asOf.getTime())).toEqual(before);
    expect([...snap.contacts.values()].some((c) => c.createdAt > asOf.getTime())).toBe(false);
  });

  it('reads only what a target uses, with the same features as a full read', async () => {
    const db = t.services.database.db;
    // The demo business has deals, stage moves and deal activities.
    const demo = await t.workspace('Demo');
    await t.services.demo.load(demo.id, { seed: 5, contacts: 300 });
    const now = new Date(NOW);
    const full = await loadSnapshot(db, demo.id, now);
    const leads = await loadSnapshot(db, demo.id, now, 'contact_conversion');
    const deals = await loadSnapshot(db, demo.id, now, 'deal_won');
    expect(leads.stageHistory.size).toBe(0);
    expect(leads.activitiesByDeal.size).toBe(0);
    expect(full.stageHistory.size).toBeGreaterThan(0);
    expect(full.activitiesByDeal.size).toBeGreaterThan(0);
    const at = now.getTime();
    for (const c of full.contacts.values())
      expect(contactFeatures(leads, leads.contacts.get(c.id)!, at)).toEqual(contactFeatures(full, c, at));
    for (const d of full.deals.values())
      expect(dealFeatures(deals, deals.deals.get(d.id)!, at)).toEqual(dealFeatures(full, d, at));
  });
});

describe('scoring with too little or odd data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.dispose());

  it('a workspace with 12 outcomes gets a fallback model that says what is missing, and no NaN score', async () => {
    const ws = await t.workspace('Twelve');
    let converted = 0;
    await seedWorkspace(t, ws.id, { n: 150, seed: 3, convert: () => converted++ < 12 && Math.random() >= 0 });
    const positives = Number(
      (
        await t.database.query(
          `SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1 AND became_customer_at IS NOT NULL`,
          [ws.id],
        )
      ).rows[0].n,
    );
    expect(positives).toBeLessThanOrEqual(12);
    const trained = await t.services.scoring.train(ws.id, 'contact_conversion', 'test', undefined, { activate: true });
    expect(['naive-bayes', 'rules']).toContain(trained.family);
    expect(trained.report.fallback).toMatch(/at least 40 converted.*missing: \d+ more converted/);
    expect(trained.ready).toBe(false);
    await t.services.scoring.score(ws.id, 'contact_conversion');
    const status = (await t.request('GET', '/api/v1/scoring', { token: ws.owner.token })).body;
    expect(status.targets[0].fallback).toMatch(/missing/);
    const bad = await t.database.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE probability = 'NaN'::real)::int AS nan FROM scoring_scores WHERE workspace_id = $1`,
      [ws.id],
    );
    expect(bad.rows[0].n).toBeGreaterThan(0);
    expect(bad.rows[0].nan).toBe(0);
  });

  it('a target with one class only gets the rules model with a clear message; promotion is refused without an override', async () => {
    const ws = await t.workspace('Nobody buys');
    await seedWorkspace(t, ws.id, { n: 80, seed: 5, convert: () => false });
    const trained = await t.services.scoring.train(ws.id, 'contact_conversion', 'test');
    expect(trained.family).toBe('rules');
    expect(trained.report.fallback).toMatch(/missing: 40 more converted/);
    const refused = await t.request(
      'POST',
      `/api/v1/scoring/models/${trained.id}/promote`,
      { token: ws.owner.token },
      {},
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/not ready to publish/);
    expect(
      (
        await t.request(
          'POST',
          `/api/v1/scoring/models/${trained.id}/promote`,
          { token: ws.owner.token },
          { override: true },
        )
      ).status,
    ).toBe(400);
    const forced = await t.request(
      'POST',
      `/api/v1/scoring/models/${trained.id}/promote`,
      { token: ws.owner.token },
      { override: true, note: 'Rules until we have customers' },
    );
    expect(forced.status).toBe(200);
  });

  it('a target with no examples at all says so; a category never seen in training still scores', async () => {
    const ws = await t.workspace('Empty');
    const res = await t.services.scoring.train(ws.id, 'deal_won', 'test').catch((e: Error) => e);
    expect(res).toBeInstanceOf(Error);
    expect((res as Error).message).toMatch(/no closed deals/);
    const ws2 = await t.workspace('Unseen');
    await seedWorkspace(t, ws2.id, { n: 300, seed: 9, convert: (e, _f, r) => r() < e * 0.6 });
    await t.services.scoring.train(ws2.id, 'contact_conversion', 'test', undefined, { activate: true });
    const [fresh] = await t.services.database.db
      .insert(contacts)
      .values({
        workspaceId: ws2.id,
        firstName: 'New',
        title: 'Astronaut',
        source: 'carrier pigeon',
        country: 'ZZ',
        createdAt: new Date(NOW - DAY),
      })
      .returning({ id: contacts.id });
    await t.services.scoring.score(ws2.id, 'contact_conversion');
    const row = (await t.services.database.db.execute(
      sql`SELECT probability FROM scoring_scores WHERE entity_id = ${fresh!.id}`,
    )) as unknown as { rows: { probability: number }[] };
    expect(Number.isFinite(row.rows[0]!.probability)).toBe(true);
    await t.services.database.db.delete(contacts).where(eq(contacts.id, fresh!.id));
  });
});
