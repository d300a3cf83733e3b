import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/harness';
import { systemClock } from '../../platform/clock';

type Ws = Awaited<ReturnType<TestApp['workspace']>>;

describe('data-quality report of one import', () => {
  let t: TestApp;
  let ws: Ws;
  let other: Ws;
  let importId = '';
  const ids: Record<string, string> = {};
  const ok = (r: { status: number; body: any }, status = 200) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    return r.body;
  };
  const check = (report: any, id: string) => report.checks.find((c: any) => c.id === id);

  beforeAll(async () => {
    process.env.PIPEWISE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'pw-dq-import-'));
    t = await createTestApp({ clock: systemClock, env: { PIPEWISE_DATA_DIR: process.env.PIPEWISE_DATA_DIR } });
    ws = await t.workspace('Import quality');
    other = await t.workspace('Someone else');
    // Records the import does not touch: one with a broken email, which the per-import report must not count.
    ids.outside = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Olga',
        lastName: 'Outside',
        email: 'olga@gmail.com',
      }),
      201,
    ).id;
    await t.database.db.execute(sql`update contacts set email = 'olga at gmail' where id = ${ids.outside}`);
    // A record the import updates (adds a phone): it belongs to the import's records.
    ids.eve = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Eve',
        lastName: 'Stone',
        email: 'eve.stone@gmail.com',
      }),
      201,
    ).id;

    const csv = [
      'Email,First Name,Last Name,Phone,Country',
      'ann.lee@gmail.com,Ann,Lee,+1 415 555 2671,US',
      'not-an-email,Bad,Row,,US',
      'bob@,Bob,Row,,US',
      'eve.stone@gmail.com,Eve,Stone,+1 415 555 2672,US',
      'carl.best@gmail.com,Carl,Best,,US',
    ].join('\n');
    const res = await t.app.request('/api/v1/imports?type=contacts&filename=people.csv', {
      method: 'POST',
      headers: { origin: 'http://localhost', cookie: `pw_session=${ws.owner.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const up = (await res.json()) as any;
    expect(res.status, JSON.stringify(up)).toBe(201);
    importId = up.import.id;
    const started = ok(await t.request('POST', `/api/v1/imports/${importId}/run`, ws.owner, {}), 202);
    await t.waitForJob(started.job.id, ws.owner);
    const done = ok(await t.request('GET', `/api/v1/imports/${importId}`, ws.owner)).import;
    expect(done.status).toBe('done');
    expect(done.counts).toEqual({ read: 5, created: 2, updated: 1, unchanged: 0, rejected: 2 }); // the two invalid emails are rejected rows, not records
    const list = ok(await t.request('GET', '/api/v1/contacts?limit=50', ws.owner)).data;
    ids.ann = list.find((c: any) => c.email === 'ann.lee@gmail.com').id;
    ids.carl = list.find((c: any) => c.email === 'carl.best@gmail.com').id;
    // An invalid email on an imported record (older data or another path): the per-import report must flag it.
    await t.database.db.execute(sql`update contacts set email = 'carl.best@gmail' where id = ${ids.carl}`);
  });
  afterAll(() => t.dispose());

  it("counts only the import's created and updated records, and flags them", async () => {
    const report = ok(await t.request('GET', `/api/v1/data-quality/report?importId=${importId}`, ws.owner));
    expect(report.scope).toMatchObject({ workspaceId: ws.id, importId, importType: 'contacts' });
    expect(report.records).toEqual({ contacts: 3, companies: 0 }); // Ann and Carl created, Eve updated; never Olga
    expect(check(report, 'contacts.email.invalid')).toMatchObject({ total: 3, affected: 1 });
    expect(check(report, 'contacts.phone.missing')).toMatchObject({ total: 3, affected: 1 });
    expect(check(report, 'contacts.owner.missing')).toMatchObject({ total: 3, affected: 3 });
    expect(report.score).toBeGreaterThanOrEqual(0);
    expect(report.score).toBeLessThanOrEqual(100);
    expect(report.fixes.length).toBeGreaterThan(0);
    expect(report.fixes.length).toBeLessThanOrEqual(3);
    for (const f of report.fixes) expect(f.api).toContain(`importId=${importId}`);

    const whole = ok(await t.request('GET', '/api/v1/data-quality/report', ws.owner));
    expect(whole.scope.importId).toBeNull();
    expect(whole.records.contacts).toBe(4);
    expect(check(whole, 'contacts.email.invalid')).toMatchObject({ total: 4, affected: 2 });
    expect(report.score).not.toBe(whole.score);

    const flagged = ok(
      await t.request('GET', `/api/v1/data-quality/issues/contacts.email.invalid?importId=${importId}`, ws.owner),
    );
    expect(flagged.total).toBe(1);
    expect(flagged.data.map((r: any) => r.id)).toEqual([ids.carl]);
  });

  it('is 404 for an import of another workspace or an unknown id, and needs the manager role', async () => {
    expect((await t.request('GET', `/api/v1/data-quality/report?importId=${importId}`, other.owner)).status).toBe(404);
    expect(
      (await t.request('GET', `/api/v1/data-quality/issues/contacts.email.invalid?importId=${importId}`, other.owner))
        .status,
    ).toBe(404);
    expect(
      (await t.request('GET', `/api/v1/data-quality/report?importId=${crypto.randomUUID()}`, ws.owner)).status,
    ).toBe(404);
    expect((await t.request('GET', '/api/v1/data-quality/report?importId=nope', ws.owner)).status).toBe(404);
    const rep = await ws.member('rep');
    expect((await t.request('GET', `/api/v1/data-quality/report?importId=${importId}`, rep)).status).toBe(403);
    const manager = await ws.member('manager');
    expect(
      ok(await t.request('GET', `/api/v1/data-quality/report?importId=${importId}`, manager)).records.contacts,
    ).toBe(3);
  });
});
