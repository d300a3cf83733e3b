import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/harness';
import { auditLog, contacts, companies, activities } from '../../platform/schema';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T12:00:00.000Z');

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
function seededUuid(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Leads whose conversion follows engagement; every contact has a custom field `gender` and a `segment_code` that
 * copies it 90% of the time: named sensitive, gender leaves the inputs but its proxy stays, and the audit must say so.
 */
async function seed(t: TestApp, workspaceId: string) {
  const r = rng(11);
  const ids = rng(12);
  const db = t.services.database.db;
  const [co] = await db
    .insert(companies)
    .values({ workspaceId, name: 'Co', sizeBand: '11-50', industry: 'Retail', createdAt: new Date(T0 - 900 * DAY) })
    .returning({ id: companies.id });
  const rows = [];
  const acts: (typeof activities.$inferInsert)[] = [];
  for (let i = 0; i < 600; i++) {
    const created = T0 - Math.floor(r() * 500) * DAY;
    const engagement = r();
    const gender = r() < 0.5 ? 'f' : 'm';
    const segment = r() < 0.9 ? (gender === 'f' ? 'S1' : 'S2') : gender === 'f' ? 'S2' : 'S1';
    const converts = r() < sigmoid(-2.5 + 5 * engagement);
    const convertedAt = converts ? created + (20 + Math.floor(r() * 40)) * DAY : null;
    const done = convertedAt !== null && convertedAt <= T0;
    const id = seededUuid(ids);
    rows.push({
      id,
      workspaceId,
      companyId: co!.id,
      firstName: `P${i}`,
      email: `p${i}@x.test`,
      title: 'Owner',
      source: 'ads',
      country: 'US',
      createdAt: new Date(created),
      updatedAt: new Date(created),
      becameCustomerAt: done ? new Date(convertedAt) : null,
      lifecycleStage: done ? ('customer' as const) : ('lead' as const),
      customFields: { gender, segment_code: segment },
    });
    for (let k = 0; k < Math.round(engagement * 8); k++)
      acts.push({
        workspaceId,
        contactId: id,
        type: 'email_opened',
        occurredAt: new Date(Math.min(T0, created + Math.floor(r() * 30) * DAY)),
        createdAt: new Date(created),
      });
  }
  for (let i = 0; i < rows.length; i += 300) await db.insert(contacts).values(rows.slice(i, i + 300));
  for (let i = 0; i < acts.length; i += 1000) await db.insert(activities).values(acts.slice(i, i + 1000));
}

describe('fairness audit before promotion, then monitoring against outcomes on an injected clock', () => {
  let now = T0;
  const clock = { now: () => new Date(now) };
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let modelId = '';
  beforeAll(async () => {
    t = await createTestApp({ clock });
    ws = await t.workspace('Trust');
    await seed(t, ws.id);
  }, 60_000);
  afterAll(() => t.dispose());

  it('names sensitive attributes (admin only, bad input named)', async () => {
    const rep = await ws.member('rep');
    expect(
      (await t.request('PUT', '/api/v1/scoring/fairness', { token: rep.token }, { attributes: [{ key: 'cf_gender' }] }))
        .status,
    ).toBe(403);
    const bad = await t.request(
      'PUT',
      '/api/v1/scoring/fairness',
      { token: ws.owner.token },
      { attributes: [{ key: 'cf_age', bands: [61, 30] }] },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/bands/);
    const ok = await t.request(
      'PUT',
      '/api/v1/scoring/fairness',
      { token: ws.owner.token },
      { attributes: [{ key: 'cf_gender' }] },
    );
    expect(ok.status).toBe(200);
    const got = await t.request('GET', '/api/v1/scoring/fairness', { token: ws.owner.token });
    expect(got.body.attributes).toEqual([{ key: 'cf_gender' }]);
    expect(got.body.candidates).toContain('cf_segment_code');
  });

  it('trains without the attribute, audits it, finds the proxy, and blocks promotion until acknowledged', async () => {
    const trained = await t.services.scoring.train(ws.id, 'contact_conversion', 'test');
    modelId = trained.id;
    const model = (await t.request('GET', `/api/v1/scoring/models/${modelId}`, { token: ws.owner.token })).body;
    expect(model.features).not.toContain('cf_gender');
    expect(model.features).toContain('cf_segment_code');
    const gender = model.report.fairness.attributes[0];
    expect(gender.attribute).toBe('cf_gender');
    expect(gender.groups.map((g: { group: string }) => g.group).sort()).toEqual(['f', 'm']);
    expect(gender.proxies[0]).toMatchObject({ feature: 'cf_segment_code', measure: 'cramers_v' });
    expect(model.report.fairness.passed).toBe(false);
    expect(model.card.fairness.passed).toBe(false);
    expect(model.card.excludedAttributes.join(' ')).toMatch(/cf_gender/);

    const blocked = await t.request(
      'POST',
      `/api/v1/scoring/models/${modelId}/promote`,
      { token: ws.owner.token },
      { override: true, note: 'test' },
    );
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toMatch(/failed its fairness audit: .*cf_segment_code is a proxy of cf_gender/);
    const short = await t.request(
      'POST',
      `/api/v1/scoring/models/${modelId}/promote`,
      { token: ws.owner.token },
      { acknowledgeFairness: true, fairnessReason: 'ok', override: true, note: 'test' },
    );
    expect(short.status).toBe(400);
    const done = await t.request(
      'POST',
      `/api/v1/scoring/models/${modelId}/promote`,
      { token: ws.owner.token },
      {
        acknowledgeFairness: true,
        fairnessReason: 'Segment codes are assigned by region, reviewed with legal',
        override: true,
        note: 'test',
      },
    );
    expect(done.status).toBe(200);
    const ack = await t.services.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ws.id), eq(auditLog.action, 'scoring.model.fairness_acknowledged')));
    expect(ack).toHaveLength(1);
    expect(
      (await t.request('GET', `/api/v1/scoring/models/${modelId}`, { token: ws.owner.token })).body
        .fairnessAcknowledgement.reason,
    ).toMatch(/reviewed with legal/);
  }, 120_000);

  it('logs scores, then raises the AUC alert once planted decay shows in the outcomes', async () => {
    await t.services.scoring.score(ws.id, 'contact_conversion');
    const first = await t.services.monitoring.refresh(ws.id);
    expect(first.logged).toBeGreaterThan(50);
    expect(first.resolved).toBe(0);
    const before = await t.request('GET', '/api/v1/monitoring', { token: ws.owner.token });
    expect(before.status).toBe(200);
    const leads = before.body.targets.find((x: { target: string }) => x.target === 'contact_conversion');
    expect(leads.alerts.filter((a: { kind: string }) => a.kind !== 'drift')).toEqual([]);
    expect(leads.logged).toBe(first.logged);

    // A rep raises one low lead to A; it will not convert: the model was right.
    const scores = await t.services.scoring.currentScores(ws.id);
    const ranked = [...scores].sort((a, b) => b.probability - a.probability);
    const low = ranked.at(-1)!;
    expect(
      (
        await t.request(
          'POST',
          `/api/v1/scoring/scores/contact/${low.entityId}/override`,
          { token: ws.owner.token },
          { tier: 'A', reason: 'met them at a fair' },
        )
      ).status,
    ).toBe(200);
    await t.services.monitoring.refresh(ws.id);

    // Planted decay: the leads the model liked least convert, the ones it liked most do not.
    const bottom = ranked
      .slice(Math.floor(ranked.length / 2))
      .map((s) => s.entityId)
      .filter((id) => id !== low.entityId);
    await t.services.database.db
      .update(contacts)
      .set({ becameCustomerAt: new Date(T0 + 30 * DAY), lifecycleStage: 'customer' })
      .where(inArray(contacts.id, bottom));
    now = T0 + 120 * DAY;
    const later = await t.services.monitoring.refresh(ws.id);
    expect(later.resolved).toBe(scores.length);
    const status = await t.services.monitoring.status(ws.actor);
    const lt = status.targets.find((x) => x.target === 'contact_conversion')!;
    expect(lt.window!.auc!).toBeLessThan(0.6);
    expect(lt.alerts.map((a) => a.kind)).toContain('auc_below_bar');
    expect(lt.overrides).toMatchObject({ overrides: 1, modelRight: 1, overrideRight: 0 });
    expect(lt.overTime[0]).toMatchObject({ period: '2026-06', modelVersion: 1 });
    expect(lt.suggestion).toMatch(/Train a new candidate/);
    const drift = await t.services.monitoring.drift(ws.actor, 'contact_conversion');
    expect(drift.features.map((f) => f.feature)).toContain('cf_segment_code');
    expect(
      drift.features.every((f) =>
        ['ks', 'chi_squared', 'z_test', 'wasserstein_normed', 'jensen_shannon'].includes(f.test),
      ),
    ).toBe(true);
  }, 120_000);

  it('keeps each workspace to itself', async () => {
    const other = await t.workspace('Other');
    const st = await t.services.monitoring.status(other.actor);
    expect(st.targets.every((x) => x.logged === 0 && x.active === null)).toBe(true);
    expect((await t.services.monitoring.drift(other.actor, 'contact_conversion')).features).toEqual([]);
  });
});
