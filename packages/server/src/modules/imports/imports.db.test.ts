import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';
import { systemClock } from '../../platform/clock';

type Ws = Awaited<ReturnType<TestApp['workspace']>>;
let t: TestApp;
let ws: Ws;

async function upload(who: Ws, csv: string | Buffer, query: string, app: TestApp = t) {
  const res = await app.app.request(`/api/v1/imports?${query}`, {
    method: 'POST',
    headers: { origin: 'http://localhost', cookie: `pw_session=${who.owner.token}`, 'content-type': 'text/csv' },
    body: typeof csv === 'string' ? csv : new Uint8Array(csv),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function runToEnd(who: Ws, id: string, body: unknown = {}) {
  const started = await t.request('POST', `/api/v1/imports/${id}/run`, who.owner, body);
  expect(started.status).toBe(202);
  await t.waitForJob(started.body.job.id, who.owner);
  return (await t.request('GET', `/api/v1/imports/${id}`, who.owner)).body.import;
}

const sum = (c: { created: number; updated: number; unchanged: number; rejected: number }) =>
  c.created + c.updated + c.unchanged + c.rejected;

const contactsCsv = [
  'Email,Full Name,Phone,Company,Country,Signup Date',
  'JOHN@acme.com ,John Smith,(415) 555-2671,Acme Inc,United States,03/14/2024',
  'jane@gmail.com,"Doe, Jane",+44 20 7946 0958,,UK,2024-01-05',
  'bad-email,Bob,,,,',
  'info@acme.com,Acme Info,,Acme Inc,USA,',
  'john@acme.com,John Smith,,,,',
  'john@acme.com,Johnny Smith,,,,',
].join('\n');

beforeAll(async () => {
  process.env.PIPEWISE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'pw-imports-'));
  t = await createTestApp({ clock: systemClock, env: { PIPEWISE_DATA_DIR: process.env.PIPEWISE_DATA_DIR } });
  ws = await t.workspace('Importers');
});
afterAll(() => t.dispose());

describe('contacts import', () => {
  let firstId = '';
  it('uploads, previews, maps, runs, and accounts for every row', async () => {
    const up = await upload(ws, contactsCsv, 'type=contacts&filename=contacts.csv');
    expect(up.status).toBe(201);
    const mapping = Object.fromEntries(up.body.import.mapping.map((m: any) => [m.column, m.target]));
    expect(mapping).toMatchObject({
      Email: 'email',
      'Full Name': 'fullName',
      Phone: 'phone',
      Company: 'company',
      Country: 'country',
    });
    expect(up.body.preview.rows).toHaveLength(6);
    expect(up.body.import.filePath).toBeUndefined();
    expect(up.body.preview.problems).toContainEqual(expect.objectContaining({ row: 4, column: 'Email' }));
    firstId = up.body.import.id;

    const patched = await t.request('PATCH', `/api/v1/imports/${firstId}`, ws.owner, {
      mapping: [
        ...up.body.import.mapping
          .filter((m: any) => m.column !== 'Signup Date')
          .map((m: any) => ({ column: m.column, target: m.target })),
        { column: 'Signup Date', target: 'custom:signup' },
      ],
    });
    expect(patched.status).toBe(200);

    const done = await runToEnd(ws, firstId);
    expect(done.status).toBe('done');
    expect(done.counts).toEqual({ read: 6, created: 3, updated: 0, unchanged: 1, rejected: 2 });
    expect(sum(done.counts)).toBe(done.counts.read);

    const list = (await t.request('GET', '/api/v1/contacts?limit=50&sort=email', ws.owner)).body.data;
    const john = list.find((c: any) => c.email === 'john@acme.com');
    expect(john).toMatchObject({ firstName: 'John', lastName: 'Smith', phone: '+14155552671', country: 'US' });
    expect(john.customFields).toMatchObject({ email_type: 'business', signup: '03/14/2024' });
    expect(list.find((c: any) => c.email === 'jane@gmail.com')).toMatchObject({
      firstName: 'Jane',
      lastName: 'Doe',
      country: 'GB',
    });
    expect(list.find((c: any) => c.email === 'info@acme.com').customFields.role_address).toBe('yes');
    const companies = (await t.request('GET', '/api/v1/companies?limit=50', ws.owner)).body.data;
    expect(companies.filter((c: any) => c.name === 'Acme Inc')).toHaveLength(1);
    expect(john.companyId).toBe(companies.find((c: any) => c.name === 'Acme Inc').id);

    const rej = (await t.request('GET', `/api/v1/imports/${firstId}/rejections`, ws.owner)).body.data;
    expect(rej).toEqual([
      expect.objectContaining({ row: 4, column: 'Email', value: 'bad-email' }),
      expect.objectContaining({ row: 7, column: 'Full Name', reason: expect.stringContaining('row 2') }),
    ]);
    const csv = await t.request('GET', `/api/v1/imports/${firstId}/rejections.csv`, ws.owner);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).split('\n')[0]).toBe(
      'Email,Full Name,Phone,Company,Country,Signup Date,pipewise_row,pipewise_column,pipewise_reason',
    );
    expect(String(csv.body)).toContain('bad-email,Bob,,,,,4,Email,');
  });

  it('re-importing the same file changes nothing; an updated file updates only what changed, audited; both revert', async () => {
    const again = await upload(ws, contactsCsv, 'type=contacts');
    await t.request('PATCH', `/api/v1/imports/${again.body.import.id}`, ws.owner, {
      mapping: again.body.import.mapping.map((m: any) => ({
        column: m.column,
        target: m.column === 'Signup Date' ? 'custom:signup' : m.target,
      })),
    });
    const second = await runToEnd(ws, again.body.import.id);
    expect(second.counts).toMatchObject({ read: 6, created: 0, updated: 0, rejected: 2 });

    const changed = contactsCsv.replace('info@acme.com,Acme Info,,', 'info@acme.com,Acme Info,+1 415 555 0100,');
    const up = await upload(ws, changed, 'type=contacts');
    await t.request('PATCH', `/api/v1/imports/${up.body.import.id}`, ws.owner, {
      mapping: up.body.import.mapping.map((m: any) => ({
        column: m.column,
        target: m.column === 'Signup Date' ? 'skip' : m.target,
      })),
    });
    const third = await runToEnd(ws, up.body.import.id);
    expect(third.counts).toMatchObject({ created: 0, updated: 1, rejected: 2 });
    const info = (await t.request('GET', '/api/v1/contacts?limit=50', ws.owner)).body.data.find(
      (c: any) => c.email === 'info@acme.com',
    );
    expect(info.phone).toBe('+14155550100');
    const audit = (await t.request('GET', `/api/v1/audit?entityType=contact&entityId=${info.id}`, ws.owner)).body.data;
    expect(audit.some((a: any) => a.action === 'contact.update' && a.after.phone === '+14155550100')).toBe(true);

    const rev = await t.request('POST', `/api/v1/imports/${up.body.import.id}/revert`, ws.owner);
    expect(rev.body).toMatchObject({ restored: 1, deleted: 0 });
    const restored = (await t.request('GET', `/api/v1/contacts/${info.id}`, ws.owner)).body;
    expect(restored.phone ?? null).toBe(null);

    const rev1 = await t.request('POST', `/api/v1/imports/${firstId}/revert`, ws.owner);
    expect(rev1.status).toBe(200);
    expect(rev1.body.deleted).toBe(4); // 3 contacts and the company they created
    expect((await t.request('GET', '/api/v1/contacts?limit=50', ws.owner)).body.data).toHaveLength(0);
    expect((await t.request('POST', `/api/v1/imports/${firstId}/revert`, ws.owner)).status).toBe(409);
  });

  it('does not merge a row into a record that only shares its phone but has another email', async () => {
    const w = await t.workspace('Phones');
    await t.request('POST', '/api/v1/contacts', w.owner, { email: 'first@x.io', phone: '+14155552671' });
    const up = await upload(w, 'email,phone\nsecond@x.io,(415) 555-2671\n,415-555-2671\n', 'type=contacts');
    const done = await runToEnd(w, up.body.import.id);
    // Row 2 is someone else (different email); row 3 has only the phone, so it is the existing contact, unchanged.
    expect(done.counts).toMatchObject({ created: 1, updated: 0, unchanged: 1 });
  });

  it('leaves records changed since the import alone on revert', async () => {
    const w = await t.workspace('Edited');
    const up = await upload(w, 'email,first name\na@x.io,Ann\nb@x.io,Ben\n', 'type=contacts');
    await runToEnd(w, up.body.import.id);
    const ann = (await t.request('GET', '/api/v1/contacts?limit=10', w.owner)).body.data.find(
      (c: any) => c.email === 'a@x.io',
    );
    await new Promise((r) => setTimeout(r, 5));
    expect((await t.request('PATCH', `/api/v1/contacts/${ann.id}`, w.owner, { title: 'CEO' })).status).toBe(200);
    const rev = (await t.request('POST', `/api/v1/imports/${up.body.import.id}/revert`, w.owner)).body;
    // Ben goes; Ann stays, and so does the company (x.io) she still belongs to.
    expect(rev.deleted).toBe(1);
    expect(rev.skipped).toEqual([
      expect.objectContaining({ entityId: ann.id, reason: 'changed since the import' }),
      expect.objectContaining({ entityType: 'company', reason: 'still used by a record kept by this revert' }),
    ]);
    expect((await t.request('GET', `/api/v1/contacts/${ann.id}`, w.owner)).body.companyId).toBeTruthy();
  });
});

describe('orders import', () => {
  const orders = [
    'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
    '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
    '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
    '536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,,United Kingdom',
    'C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom',
    '536365,22752,SET 7 BABUSHKA,2,2010-12-01 08:26:00,7.65,17850.0,United Kingdom',
    '536367,22745,POPPY HOUSE,x,2010-12-01 08:34:00,2.1,13047.0,France',
  ].join('\n');

  it('creates customers, products, orders and lines; cancellations and guest orders are kept and counted', async () => {
    const w = await t.workspace('Shop');
    const up = await upload(w, orders, 'type=orders');
    expect(up.body.import.preset).toBe('generic');
    const done = await runToEnd(w, up.body.import.id);
    expect(done.counts).toEqual({ read: 6, created: 5, updated: 0, unchanged: 0, rejected: 1 });
    expect(done.summary).toMatchObject({
      ordersCreated: 3,
      cancellations: 1,
      guestOrders: 1,
      customersCreated: 2,
      productsCreated: 5,
      returnLines: 1,
    });
    const list = (await t.request('GET', '/api/v1/orders?limit=10', w.owner)).body.data;
    const o = list.find((x: any) => x.number === '536365');
    expect(o.total).toBeCloseTo(6 * 2.55 + 6 * 3.39 + 2 * 7.65, 2);
    expect(list.find((x: any) => x.number === 'C536379').status).toBe('cancelled');
    expect(list.find((x: any) => x.number === '536366').contactId).toBe(null);
    const rej = (await t.request('GET', `/api/v1/imports/${up.body.import.id}/rejections`, w.owner)).body.data;
    expect(rej).toEqual([expect.objectContaining({ row: 7, column: 'Quantity', value: 'x' })]);

    const again = await upload(w, orders, 'type=orders');
    const second = await runToEnd(w, again.body.import.id);
    expect(second.counts).toEqual({ read: 6, created: 0, updated: 0, unchanged: 5, rejected: 1 });

    const rev = await t.request('POST', `/api/v1/imports/${up.body.import.id}/revert`, w.owner);
    expect(rev.body.deleted).toBe(3 + 2 + 5);
    expect((await t.request('GET', '/api/v1/orders?limit=10', w.owner)).body.data).toHaveLength(0);
  });
});

describe('companies import and multipart upload', () => {
  it('matches companies by domain from any website form, and accepts a multipart upload', async () => {
    const w = await t.workspace('Firms');
    await t.request('POST', '/api/v1/companies', w.owner, { name: 'Acme', domain: 'acme.com' });
    const form = new FormData();
    form.append(
      'file',
      new Blob(
        [
          'Company name,Website,Employees,Annual Revenue,Country\nAcme Corp,https://www.acme.com/about,"1,200",$5.5M,Germany\nGlobex,globex.io,40,"$1,000,000",FR\n',
        ],
        { type: 'text/csv' },
      ),
      'firms.csv',
    );
    const res = await t.app.request('/api/v1/imports?type=companies', {
      method: 'POST',
      headers: { origin: 'http://localhost', cookie: `pw_session=${w.owner.token}` },
      body: form,
    });
    const up = (await res.json()) as any;
    expect(res.status).toBe(201);
    expect(up.import.fileName).toBe('firms.csv');
    const done = await runToEnd(w, up.import.id);
    // "$5.5M" is not an amount we read: that row is rejected naming the column, the other is created.
    expect(done.counts).toEqual({ read: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 });
    const rej = (await t.request('GET', `/api/v1/imports/${up.import.id}/rejections`, w.owner)).body.data;
    expect(rej[0]).toMatchObject({ row: 2, column: 'Annual Revenue', value: '$5.5M' });
    const fixed = await upload(
      w,
      'Company name,Website,Employees,Country\nAcme Corp,https://www.acme.com/about,"1,200",Germany\n',
      'type=companies',
    );
    const second = await runToEnd(w, fixed.body.import.id);
    expect(second.counts).toMatchObject({ created: 0, updated: 1 });
    const acme = (await t.request('GET', '/api/v1/companies?limit=10', w.owner)).body.data.find(
      (c: any) => c.domain === 'acme.com',
    );
    expect(acme).toMatchObject({ name: 'Acme Corp', employees: 1200, country: 'DE' });
  });
});

describe('dry run', () => {
  it('counts what would happen, stores the rejected rows, writes no record, and leaves the import ready to run', async () => {
    const w = await t.workspace('Dry');
    const csv =
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
      Array.from(
        { length: 12_000 },
        (_, i) =>
          `${500000 + Math.floor(i / 3)},SKU${i % 50},Item ${i % 50},${i % 7 === 0 ? 'x' : 2},2011-01-0${1 + (i % 9)} 10:00:00,1.5,${1000 + (i % 40)},France`,
      ).join('\n');
    const up = await upload(w, csv, 'type=orders');
    const dry = await runToEnd(w, up.body.import.id, { dryRun: true });
    expect(dry.status).toBe('draft');
    expect(sum(dry.counts)).toBe(12_000);
    expect(dry.counts.rejected).toBe(Math.ceil(12_000 / 7));
    expect(
      (await t.request('GET', `/api/v1/imports/${up.body.import.id}/rejections?limit=5`, w.owner)).body.data,
    ).toHaveLength(5);
    expect((await t.request('GET', '/api/v1/orders?limit=5', w.owner)).body.data).toHaveLength(0);
    expect((await t.request('GET', '/api/v1/contacts?limit=5', w.owner)).body.data).toHaveLength(0);
    const real = await runToEnd(w, up.body.import.id);
    expect(real.counts).toEqual(dry.counts);
  });
});

describe('deals import', () => {
  it('maps stages by name and won/lost, links or creates companies, rejects unknown stages naming them', async () => {
    const w = await t.workspace('Dealers');
    await t.request('POST', '/api/v1/pipelines', w.owner, testPipeline);
    const csv =
      'opportunity_id,account,deal_stage,close_date,close_value\nA1,Cancity,Won,2017-03-01,"1,054"\nA2,Cancity,Proposal,2017-04-01,500\nA3,Zoom,Engaging,,\n';
    const up = await upload(w, csv, 'type=deals');
    const done = await runToEnd(w, up.body.import.id);
    expect(done.counts).toEqual({ read: 3, created: 2, updated: 0, unchanged: 0, rejected: 1 });
    const deals = (await t.request('GET', '/api/v1/deals?limit=10', w.owner)).body.data;
    expect(deals.find((d: any) => d.externalId === 'A1')).toMatchObject({
      status: 'won',
      amount: 1054,
      expectedCloseDate: '2017-03-01',
    });
    const rej = (await t.request('GET', `/api/v1/imports/${up.body.import.id}/rejections`, w.owner)).body.data;
    expect(rej[0]).toMatchObject({ row: 4, column: 'deal_stage', value: 'Engaging' });
    expect(rej[0].reason).toContain('Qualified, Proposal, Won, Lost');
  });
});

describe('bad input', () => {
  it.each([
    ['an empty file', '', /empty/],
    ['binary garbage', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2, 3]), /not a text file/],
    ['a duplicated header', 'email,email\na@b.co,c@d.co\n', /Row 1: column "email" appears twice/],
  ])('refuses %s with a clear message and stores nothing', async (_name, body, message) => {
    const before = (await t.request('GET', '/api/v1/imports', ws.owner)).body.data.length;
    const up = await upload(ws, body as string, 'type=contacts');
    expect(up.status).toBe(400);
    expect(up.body.error.message).toMatch(message);
    expect((await t.request('GET', '/api/v1/imports', ws.owner)).body.data.length).toBe(before);
  });

  it('a header with no rows and an unclosed quote fail the run before anything is written', async () => {
    const w = await t.workspace('Bad files');
    const empty = await upload(w, 'email,name\n', 'type=contacts');
    expect(empty.body.preview.problems[0].reason).toMatch(/header but no rows/);
    const r1 = await runToEnd(w, empty.body.import.id);
    expect(r1).toMatchObject({ status: 'failed', error: expect.stringMatching(/no rows/) });

    const quote = await upload(w, 'email,name\na@b.co,Ann\nc@d.co,"Open\ne@f.co,Eve\n', 'type=contacts');
    expect(quote.body.preview.problems.some((p: any) => /Row 3: a quoted field/.test(p.reason))).toBe(true);
    const r2 = await runToEnd(w, quote.body.import.id);
    expect(r2.status).toBe('failed');
    expect(r2.error).toMatch(/Row 3/);
    expect((await t.request('GET', '/api/v1/contacts?limit=10', w.owner)).body.data).toHaveLength(0);
  });

  it('a mapping naming a missing column, an unknown field or an unknown type is a 400 naming it', async () => {
    const up = await upload(ws, 'email\na@b.co\n', 'type=contacts');
    const bad = await t.request('PATCH', `/api/v1/imports/${up.body.import.id}`, ws.owner, {
      mapping: [{ column: 'E-mail', target: 'email' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"E-mail", which is not in the file');
    const bad2 = await t.request('PATCH', `/api/v1/imports/${up.body.import.id}`, ws.owner, {
      mapping: [{ column: 'email', target: 'shoeSize' }],
    });
    expect(bad2.body.error.message).toContain('"shoeSize" is not a contacts field');
    expect((await upload(ws, 'email\n', 'type=llamas')).status).toBe(400);
  });

  it('a 1 MB field rejects its row naming the column; an oversized upload is a 413', async () => {
    const w = await t.workspace('Big');
    const up = await upload(w, `email,notes\na@b.co,${'x'.repeat(1024 * 1024)}\nc@d.co,short\n`, 'type=contacts');
    const done = await runToEnd(w, up.body.import.id);
    expect(done.counts).toMatchObject({ read: 2, created: 1, rejected: 1 });
    const rej = (await t.request('GET', `/api/v1/imports/${up.body.import.id}/rejections`, w.owner)).body.data;
    expect(rej[0]).toMatchObject({ row: 2, column: 'notes', reason: expect.stringContaining('limit is 65,536') });

    // A second server on the same database, configured with a half-megabyte limit.
    const small = await createTestApp({
      clock: systemClock,
      database: t.database,
      env: { PIPEWISE_DATA_DIR: process.env.PIPEWISE_DATA_DIR!, PIPEWISE_IMPORT_MAX_MB: '0.5' },
    });
    const big = await upload(w, 'email\n' + 'a@b.co\n'.repeat(100_000), 'type=contacts', small);
    expect(big.status).toBe(413);
    expect(big.body.error.message).toContain('0.5 MB import limit');
  });

  it('only admins import', async () => {
    const rep = await ws.member('rep');
    const res = await t.app.request('/api/v1/imports?type=contacts', {
      method: 'POST',
      headers: { origin: 'http://localhost', cookie: `pw_session=${rep.token}`, 'content-type': 'text/csv' },
      body: 'email\na@b.co\n',
    });
    expect(res.status).toBe(403);
  });
});

describe('crash safety', () => {
  it('an interrupted run resumes after its last committed batch and applies no row twice', async () => {
    const w = await t.workspace('Crashy');
    const rows = Array.from({ length: 5300 }, (_, i) => `p${i}@crash.io,Person ${i}`);
    const up = await upload(w, 'email,name\n' + rows.join('\n') + '\n', 'type=contacts');
    const id = up.body.import.id;
    await t.services.imports.prepareRun(w.actor, id, {});
    let calls = 0;
    await expect(
      t.services.imports.run(w.actor, id, async () => {
        if (++calls === 2) throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    const mid = (await t.request('GET', `/api/v1/imports/${id}`, w.owner)).body.import;
    expect(mid.status).toBe('failed');
    expect(mid.error).toContain('run again to resume');
    expect(mid.counts.read).toBe(4000); // two batches of 2,000 committed, with their cursor
    expect(mid.cursor).toBe(4001);
    await t.services.imports.prepareRun(w.actor, id, {});
    const result = await t.services.imports.run(w.actor, id, async () => {});
    expect(result.counts).toEqual({ read: 5300, created: 5300, updated: 0, unchanged: 0, rejected: 0 });
    const total = await t.database.db.execute(
      `SELECT count(*)::int AS n FROM contacts WHERE workspace_id = '${w.id}'` as any,
    );
    const n = (Array.isArray(total) ? total : (total as any).rows)[0].n;
    expect(n).toBe(5300);
  });

  it('two runners of one import never apply a row twice', async () => {
    const w = await t.workspace('Racy');
    const rows = Array.from({ length: 4500 }, (_, i) => `r${i}@race.io,Racer ${i}`);
    const up = await upload(w, 'email,name\n' + rows.join('\n') + '\n', 'type=contacts');
    const id = up.body.import.id;
    await t.services.imports.prepareRun(w.actor, id, {});
    const results = await Promise.allSettled([
      t.services.imports.run(w.actor, id, async () => {}),
      t.services.imports.run(w.actor, id, async () => {}),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).toContain('another process');
    const imp = (await t.request('GET', `/api/v1/imports/${id}`, w.owner)).body.import;
    expect(imp.counts).toEqual({ read: 4500, created: 4500, updated: 0, unchanged: 0, rejected: 0 });
    const res = await t.database.query(`SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1`, [w.id]);
    expect(res.rows[0].n).toBe(4500);
  });
});
