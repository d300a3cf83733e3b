import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';
import { snapshot } from './snapshot.testing';

type Ws = Awaited<ReturnType<TestApp['workspace']>>;

describe('data quality: duplicates, merge, undo, dismiss', () => {
  let t: TestApp;
  let ws: Ws;
  let other: Ws;
  const ids: Record<string, string> = {};
  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Quality');
    other = await t.workspace('Elsewhere');
    const as = ws.owner;
    ids.acme = ok(await t.request('POST', '/api/v1/companies', as, { name: 'Acme Ltd', domain: 'acme.test' }), 201).id;
    ids.acme2 = ok(
      await t.request('POST', '/api/v1/companies', as, { name: 'ACME', domain: 'www.acme.test', industry: 'Retail' }),
      201,
    ).id;
    ids.globex = ok(
      await t.request('POST', '/api/v1/companies', as, { name: 'Globex', domain: 'globex.test' }),
      201,
    ).id;
    ids.ada = ok(
      await t.request('POST', '/api/v1/contacts', as, {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@acme.test',
        companyId: ids.acme,
        tags: ['vip'],
      }),
      201,
    ).id;
    ids.ada2 = ok(
      await t.request('POST', '/api/v1/contacts', as, {
        firstName: 'ADA',
        lastName: 'Lovelace ',
        email: ' ADA@Acme.test',
        phone: '(415) 555-0134',
        tags: ['newsletter'],
        consentMarketingEmail: 'granted',
        externalId: 'hs-77',
      }),
      201,
    ).id;
    ids.grace = ok(
      await t.request('POST', '/api/v1/contacts', as, {
        firstName: 'Grace',
        lastName: 'Hopper',
        email: 'grace@navy.test',
        phone: '+1 415 555 0199',
      }),
      201,
    ).id;
    ids.gracie = ok(
      await t.request('POST', '/api/v1/contacts', as, { firstName: 'Grace', lastName: 'Hoper', phone: '415.555.0199' }),
      201,
    ).id;
    ids.alan = ok(await t.request('POST', '/api/v1/contacts', as, { firstName: 'Alan', lastName: 'Turing' }), 201).id;
    // Values the API refuses but older data or other paths may hold: the report must find them.
    await t.database.db.execute(sql`update contacts set email = 'not-an-email' where id = ${ids.alan}`);
    await t.database.db.execute(sql`update contacts set country = 'Atlantis' where id = ${ids.grace}`);
    const pipeline = ok(await t.request('POST', '/api/v1/pipelines', as, testPipeline), 201);
    ids.deal = ok(
      await t.request('POST', '/api/v1/deals', as, {
        name: 'Ada deal',
        stageId: pipeline.stages[0].id,
        contactId: ids.ada2,
        companyId: ids.acme2,
      }),
      201,
    ).id;
    ids.activity = ok(
      await t.request('POST', '/api/v1/activities', as, {
        type: 'call',
        occurredAt: '2026-05-02T10:00:00Z',
        contactId: ids.ada2,
        subject: 'Intro',
      }),
      201,
    ).id;
    ids.product = ok(
      await t.request('POST', '/api/v1/products', as, { name: 'Widget', sku: 'W-1', price: 10 }),
      201,
    ).id;
    ids.order = ok(
      await t.request('POST', '/api/v1/orders', as, {
        contactId: ids.ada2,
        orderedAt: '2026-05-01T10:00:00Z',
        lines: [{ productId: ids.product, quantity: 1, unitPrice: 10 }],
      }),
      201,
    ).id;
    ids.stranger = ok(
      await t.request('POST', '/api/v1/contacts', other.owner, {
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@acme.test',
      }),
      201,
    ).id;
  });
  afterAll(() => t.dispose());

  it('lists likely contact pairs with scores and reasons, scanning inline on a small workspace', async () => {
    const page = ok(await t.request('GET', '/api/v1/data-quality/duplicates?type=contacts', ws.owner));
    const pairs = page.data.map((p: any) => [[p.a.id, p.b.id].sort().join('|'), p.reasons.map((r: any) => r.code)]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [[ids.ada, ids.ada2].sort().join('|'), expect.arrayContaining(['same_email', 'similar_name'])],
        [[ids.grace, ids.gracie].sort().join('|'), expect.arrayContaining(['same_phone', 'similar_name'])],
      ]),
    );
    expect(page.total).toBe(2);
    expect(page.scan.records).toBe(5); // never the other workspace's Ada
    expect(page.data[0].score).toBeGreaterThanOrEqual(page.data[1].score);
  });

  it('lists company pairs on name and domain, and pages with a cursor', async () => {
    const first = ok(await t.request('GET', '/api/v1/data-quality/duplicates?type=companies&limit=1', ws.owner));
    expect(first.total).toBe(1);
    expect([first.data[0].a.id, first.data[0].b.id].sort()).toEqual([ids.acme, ids.acme2].sort());
    expect(first.data[0].reasons.map((r: any) => r.code)).toContain('same_domain');
    expect(first.nextCursor).toBeNull();
    const contacts = ok(await t.request('GET', '/api/v1/data-quality/duplicates?type=contacts&limit=1', ws.owner));
    const next = ok(
      await t.request(
        'GET',
        `/api/v1/data-quality/duplicates?type=contacts&limit=1&cursor=${contacts.nextCursor}`,
        ws.owner,
      ),
    );
    expect(next.data).toHaveLength(1);
    expect(next.nextCursor).toBeNull();
    expect(next.data[0].a.id).not.toBe(contacts.data[0].a.id);
  });

  it('refuses bad merges with clear errors and changes nothing', async () => {
    const before = await snapshot(t, ws.id);
    const self = await t.request('POST', '/api/v1/data-quality/merges', ws.owner, {
      type: 'contacts',
      survivorId: ids.ada,
      loserId: ids.ada,
    });
    expect(self.status).toBe(400);
    expect(self.body.error.message).toMatch(/cannot be merged with itself/);
    const foreign = await t.request('POST', '/api/v1/data-quality/merges', ws.owner, {
      type: 'contacts',
      survivorId: ids.ada,
      loserId: ids.stranger,
    });
    expect(foreign.status).toBe(404);
    const wrongType = await t.request('POST', '/api/v1/data-quality/merges', ws.owner, {
      type: 'companies',
      survivorId: ids.ada,
      loserId: ids.ada2,
    });
    expect(wrongType.status).toBe(404);
    const badField = await t.request('POST', '/api/v1/data-quality/merges', ws.owner, {
      type: 'contacts',
      survivorId: ids.ada,
      loserId: ids.ada2,
      fields: { password: 'loser' },
    });
    expect(badField.status).toBe(400);
    expect(badField.body.error.details.field).toBe('fields');
    const viewer = await ws.member('viewer');
    expect(
      (
        await t.request('POST', '/api/v1/data-quality/merges', viewer, {
          type: 'contacts',
          survivorId: ids.ada,
          loserId: ids.ada2,
        })
      ).status,
    ).toBe(403);
    expect((await t.request('GET', '/api/v1/data-quality/report', viewer)).status).toBe(403);
    expect(await snapshot(t, ws.id)).toEqual(before);
  });

  it('merges: per-field choice, links, consent history and tags move, the loser is gone, audited; then undo restores exactly', async () => {
    const before = await snapshot(t, ws.id);
    const res = ok(
      await t.request('POST', '/api/v1/data-quality/merges', ws.owner, {
        type: 'contacts',
        survivorId: ids.ada,
        loserId: ids.ada2,
        fields: { email: 'loser', phone: 'loser' },
      }),
      201,
    );
    expect(res.merge.moved).toEqual({
      'activities.contact_id': 1,
      'deals.contact_id': 1,
      'orders.contact_id': 1,
      'consent_events.contact_id': 1,
    });
    const survivor = ok(await t.request('GET', `/api/v1/contacts/${ids.ada}`, ws.owner));
    expect(survivor).toMatchObject({
      email: 'ada@acme.test',
      phone: '(415) 555-0134',
      companyId: ids.acme,
      externalId: 'hs-77',
      consentMarketingEmail: 'granted',
    });
    expect([...survivor.tags].sort()).toEqual(['newsletter', 'vip']);
    expect((await t.request('GET', `/api/v1/contacts/${ids.ada2}`, ws.owner)).status).toBe(404);
    expect(ok(await t.request('GET', `/api/v1/deals/${ids.deal}`, ws.owner)).contactId).toBe(ids.ada);
    expect(ok(await t.request('GET', `/api/v1/orders/${ids.order}`, ws.owner)).contactId).toBe(ids.ada);
    expect(ok(await t.request('GET', `/api/v1/activities/${ids.activity}`, ws.owner)).contactId).toBe(ids.ada);
    const consent = ok(await t.request('GET', `/api/v1/contacts/${ids.ada}/consent`, ws.owner)).data;
    expect(consent.map((e: any) => e.source)).toEqual(expect.arrayContaining([expect.stringMatching(/^merge:/)]));
    const audit = ok(await t.request('GET', `/api/v1/audit?entityType=contact&entityId=${ids.ada}`, ws.owner));
    expect(audit.data.map((e: any) => e.action)).toContain('merge');
    const pairs = ok(await t.request('GET', '/api/v1/data-quality/duplicates?type=contacts', ws.owner));
    expect(pairs.total).toBe(1); // the merged pair is gone, Grace's remains

    const again = await t.request('POST', '/api/v1/data-quality/merges', ws.owner, {
      type: 'contacts',
      survivorId: ids.ada,
      loserId: ids.ada2,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already merged into/);

    const merges = ok(await t.request('GET', '/api/v1/data-quality/merges', ws.owner)).data;
    expect(merges[0]).toMatchObject({ id: res.merge.id, survivorId: ids.ada, loserId: ids.ada2, undoneAt: null });

    ok(await t.request('POST', `/api/v1/data-quality/merges/${res.merge.id}/undo`, ws.owner));
    expect(await snapshot(t, ws.id)).toEqual(before);
    const twice = await t.request('POST', `/api/v1/data-quality/merges/${res.merge.id}/undo`, ws.owner);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already undone/);
    expect(await snapshot(t, ws.id)).toEqual(before);
    expect((await t.request('POST', `/api/v1/data-quality/merges/${res.merge.id}/undo`, other.owner)).status).toBe(404);
  });

  it('refuses undo when the survivor or a moved record changed since the merge', async () => {
    const m1 = ok(
      await t.request('POST', '/api/v1/data-quality/merges', ws.owner, {
        type: 'contacts',
        survivorId: ids.ada,
        loserId: ids.ada2,
      }),
      201,
    );
    ok(await t.request('PATCH', `/api/v1/contacts/${ids.ada}`, ws.owner, { title: 'Countess' }));
    const refused = await t.request('POST', `/api/v1/data-quality/merges/${m1.merge.id}/undo`, ws.owner);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/surviving contact was changed since the merge/);
    expect((await t.request('GET', `/api/v1/contacts/${ids.ada2}`, ws.owner)).status).toBe(404);

    const m2 = ok(
      await t.request('POST', '/api/v1/data-quality/merges', ws.owner, {
        type: 'contacts',
        survivorId: ids.grace,
        loserId: ids.gracie,
      }),
      201,
    );
    expect(m2.merge.moved).toEqual({});
    const m3 = ok(
      await t.request('POST', '/api/v1/data-quality/merges', ws.owner, {
        type: 'companies',
        survivorId: ids.acme,
        loserId: ids.acme2,
      }),
      201,
    );
    expect(m3.merge.moved).toEqual({ 'deals.company_id': 1 });
    ok(await t.request('PATCH', `/api/v1/deals/${ids.deal}`, ws.owner, { name: 'Renamed' }));
    const moved = await t.request('POST', `/api/v1/data-quality/merges/${m3.merge.id}/undo`, ws.owner);
    expect(moved.status).toBe(409);
    expect(moved.body.error.message).toMatch(/1 deals/);
    expect((await t.request('GET', `/api/v1/companies/${ids.acme2}`, ws.owner)).status).toBe(404);
  });

  it('dismisses a pair for good, and refuses records of another workspace', async () => {
    const a = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Jon',
        lastName: 'Snow',
        phone: '+44 20 7946 0018',
      }),
      201,
    ).id;
    const b = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'John',
        lastName: 'Snow',
        phone: '+442079460018',
      }),
      201,
    ).id;
    ok(await t.request('POST', '/api/v1/data-quality/scans', ws.owner, { types: ['contacts'] }), 202);
    await t.services.dataQuality.scan(ws.id, 'contacts');
    const listed = ok(await t.request('GET', '/api/v1/data-quality/duplicates?type=contacts', ws.owner));
    expect(listed.data.some((p: any) => [p.a.id, p.b.id].sort().join() === [a, b].sort().join())).toBe(true);
    ok(await t.request('POST', '/api/v1/data-quality/dismissals', ws.owner, { type: 'contacts', a: b, b: a }), 201);
    await t.services.dataQuality.scan(ws.id, 'contacts');
    const after = ok(await t.request('GET', '/api/v1/data-quality/duplicates?type=contacts', ws.owner));
    expect(after.data.some((p: any) => [p.a.id, p.b.id].includes(a))).toBe(false);
    expect(
      (await t.request('POST', '/api/v1/data-quality/dismissals', ws.owner, { type: 'contacts', a, b: ids.stranger }))
        .status,
    ).toBe(404);
    expect(
      (await t.request('POST', '/api/v1/data-quality/dismissals', ws.owner, { type: 'contacts', a, b: a })).status,
    ).toBe(400);
  });

  it('runs the scan as a job with progress', async () => {
    const { job } = ok(await t.request('POST', '/api/v1/data-quality/scans', ws.owner, {}), 202);
    const run = await t.waitForJob(job.id, ws.owner);
    expect(run.error ?? null).toBeNull();
    expect(run.progress).toBe(1);
    expect(run.result.scans.map((s: any) => s.type)).toEqual(['contacts', 'companies']);
    expect((await t.request('POST', '/api/v1/data-quality/scans', ws.owner, { types: ['deals'] })).status).toBe(400);
  });

  it('reports a 0-100 score, per-field checks and the three biggest fixes, each with its records', async () => {
    const r = ok(await t.request('GET', '/api/v1/data-quality/report', ws.owner));
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(100);
    expect(r.components.reduce((s: number, p: any) => s + p.points, 0)).toBeCloseTo(r.score, -0.1);
    const check = (id: string) => r.checks.find((c: any) => c.id === id);
    expect(check('contacts.email.invalid')).toMatchObject({ affected: 1 }); // Alan's "not-an-email"
    expect(check('contacts.country.invalid')).toMatchObject({ affected: 1, total: 1 }); // Atlantis
    expect(r.fixes.length).toBeLessThanOrEqual(3);
    expect(r.fixes.length).toBeGreaterThan(0);
    for (let i = 1; i < r.fixes.length; i++) expect(r.fixes[i - 1].points).toBeGreaterThanOrEqual(r.fixes[i].points);
    const issue = ok(await t.request('GET', '/api/v1/data-quality/issues/contacts.email.invalid', ws.owner));
    expect(issue.data.map((x: any) => x.id)).toEqual([ids.alan]);
    expect((await t.request('GET', '/api/v1/data-quality/issues/contacts.nope', ws.owner)).status).toBe(404);
    const empty = ok(await t.request('GET', '/api/v1/data-quality/report', other.owner));
    expect(empty.records).toEqual({ contacts: 1, companies: 0 });
  });
});

describe('data quality of an empty workspace, then of one that filled up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.dispose());

  it('has no score while empty, and a scan of the empty workspace does not stand for the contacts added later', async () => {
    const ws = await t.workspace('Empty then full');
    const empty = await t.request('GET', '/api/v1/data-quality/report', ws.owner);
    expect(empty.status).toBe(200);
    expect(empty.body.score).toBeNull();
    const firstScan = (await t.request('GET', '/api/v1/data-quality/duplicates?type=contacts', ws.owner)).body;
    expect(firstScan.scan.records).toBe(0);
    for (const c of [
      { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.test' },
      { firstName: 'ADA', lastName: 'Lovelace', email: ' ADA@Acme.test' },
      { firstName: 'Bob', lastName: 'Stone' },
    ]) {
      expect((await t.request('POST', '/api/v1/contacts', ws.owner, c)).status).toBe(201);
    }
    const report = (await t.request('GET', '/api/v1/data-quality/report', ws.owner)).body;
    expect(report.score).toBeGreaterThan(0);
    expect(report.duplicates.contacts).toEqual({ records: 2 });
    const pairs = (await t.request('GET', '/api/v1/data-quality/duplicates?type=contacts', ws.owner)).body;
    expect(pairs.scan.records).toBe(3);
    expect(pairs.total).toBe(1);
  });
});
