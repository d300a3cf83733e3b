import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';
import { systemClock } from '../../platform/clock';

// Small fixtures shaped like the real exports testers imported: the CRM pipeline dataset (sales_pipeline.csv), a
// superstore-like orders file with a "Sales" column, and contacts with misspelt countries.
type Ws = Awaited<ReturnType<TestApp['workspace']>>;
let t: TestApp;

async function upload(who: Ws, csv: string, query: string) {
  const res = await t.app.request(`/api/v1/imports?${query}`, {
    method: 'POST',
    headers: { origin: 'http://localhost', cookie: `pw_session=${who.owner.token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function runToEnd(who: Ws, id: string) {
  const started = await t.request('POST', `/api/v1/imports/${id}/run`, who.owner, {});
  expect(started.status).toBe(202);
  for (let i = 0; i < 400; i++) {
    const job = (await t.request('GET', `/api/v1/jobs/${started.body.job.id}`, who.owner)).body;
    const state = job.state ?? job.job?.state;
    if (state === 'done' || state === 'failed') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return (await t.request('GET', `/api/v1/imports/${id}`, who.owner)).body.import;
}

const pipelineCsv = [
  'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value',
  '1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054',
  'Z063OYW0,Owner,GTXPro,Isdom,Won,2016-10-25,2017-03-11,4514',
  'EC4QE1BX,Darcel Schlecht,MG Special,Cancity,Lost,2016-10-25,2017-03-07,0',
  'MV1LWRNH,Moses Frase,GTX Basic,Codehow,Engaging,2016-10-25,,',
  'PE84CX4O,Zane Levy,GTX Basic,Hatfan,Engaging,2016-10-25,,',
  'ZNBS69V1,Anna Snelling,MG Special,Ron-tech,Prospecting,,,',
].join('\n');

beforeAll(async () => {
  process.env.PIPEWISE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'pw-real-exports-'));
  t = await createTestApp({ clock: systemClock, env: { PIPEWISE_DATA_DIR: process.env.PIPEWISE_DATA_DIR } });
});
afterAll(() => t.dispose());

describe('deals from a CRM pipeline export', () => {
  it('maps stage values (suggested, edited, created on request), reports unmatched owners, keeps close and stage dates', async () => {
    const ws = await t.workspace('Pipeline export');
    const pipe = (await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline)).body;
    const stageId = (name: string) => pipe.stages.find((s: any) => s.name === name).id;
    const up = await upload(ws, pipelineCsv, 'type=deals&filename=sales_pipeline.csv');
    expect(up.status).toBe(201);
    const mapping = Object.fromEntries(up.body.import.mapping.map((m: any) => [m.column, m.target]));
    expect(mapping).toMatchObject({
      deal_stage: 'stage',
      engage_date: 'createdDate',
      close_date: 'closeDate',
      sales_agent: 'owner',
    });
    const values = Object.fromEntries(up.body.preview.stages.values.map((v: any) => [v.value, v]));
    expect(values.Won).toMatchObject({ rows: 2, stageId: stageId('Won') });
    expect(values.Engaging).toMatchObject({ rows: 2, stageId: null, create: false });
    expect(values.Prospecting).toMatchObject({ rows: 1, stageId: null });
    const problems = up.body.preview.problems.map((p: any) => p.reason).join('\n');
    expect(problems).toMatch(/2 rows have stage "Engaging", which matches no stage/);
    expect(problems).toMatch(/owner "Moses Frase" \(2 rows\) matches no user/);
    expect(problems).not.toMatch(/owner "Owner"/);

    const bad = await t.request('PATCH', `/api/v1/imports/${up.body.import.id}`, ws.owner, {
      stageMap: { Engaging: 'Negotiation' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject({ field: 'stageMap' });
    const patched = await t.request('PATCH', `/api/v1/imports/${up.body.import.id}`, ws.owner, {
      stageMap: { engaging: 'create', Prospecting: stageId('Qualified') },
    });
    expect(patched.status).toBe(200);
    const after = Object.fromEntries(patched.body.preview.stages.values.map((v: any) => [v.value, v]));
    expect(after.Engaging).toMatchObject({ create: true, stageName: 'Engaging' });
    expect(after.Prospecting).toMatchObject({ stageId: stageId('Qualified'), reason: 'set by hand' });

    const done = await runToEnd(ws, up.body.import.id);
    expect(done.counts).toEqual({ read: 6, created: 6, updated: 0, unchanged: 0, rejected: 0 });
    expect(done.summary).toMatchObject({ stagesCreated: 1, ownersUnmatched: 5 });
    const stages = (await t.request('GET', '/api/v1/pipelines', ws.owner)).body.data[0].stages.map((s: any) => s.name);
    expect(stages).toEqual(['Qualified', 'Proposal', 'Engaging', 'Won', 'Lost']);

    const deals = (await t.request('GET', '/api/v1/deals?limit=50', ws.owner)).body.data;
    const byId = Object.fromEntries(deals.map((d: any) => [d.externalId, d]));
    expect(byId['1C1I7A6R']).toMatchObject({ status: 'won', amount: 1054, expectedCloseDate: '2017-03-01' });
    expect(new Date(byId['1C1I7A6R'].closedAt).toISOString()).toBe('2017-03-01T00:00:00.000Z');
    expect(new Date(byId['1C1I7A6R'].stageEnteredAt).toISOString()).toBe('2017-03-01T00:00:00.000Z');
    expect(new Date(byId['1C1I7A6R'].createdAt).toISOString()).toBe('2016-10-20T00:00:00.000Z');
    expect(byId.EC4QE1BX.status).toBe('lost');
    expect(byId.EC4QE1BX.closedAt).not.toBeNull();
    expect(byId.MV1LWRNH).toMatchObject({ status: 'open', closedAt: null });
    expect(new Date(byId.MV1LWRNH.stageEnteredAt).toISOString()).toBe('2016-10-25T00:00:00.000Z');
    expect(byId.Z063OYW0.ownerId).toBe(ws.owner.id);
    for (const d of deals) expect(d.customFields.owner).toBeUndefined();
    const history = (await t.request('GET', `/api/v1/deals/${byId.MV1LWRNH.id}/history`, ws.owner)).body.data;
    expect(history).toEqual([expect.objectContaining({ fromStageId: null, toStageId: byId.MV1LWRNH.stageId })]);
  });

  it('without a stage mapping, rows with an unknown stage are rejected naming the value and how to fix it', async () => {
    const ws = await t.workspace('Pipeline unmapped');
    await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline);
    const up = await upload(ws, pipelineCsv, 'type=deals&filename=sales_pipeline.csv');
    const done = await runToEnd(ws, up.body.import.id);
    expect(done.counts).toMatchObject({ read: 6, created: 3, rejected: 3 });
    const rej = (await t.request('GET', `/api/v1/imports/${up.body.import.id}/rejections`, ws.owner)).body.data;
    expect(rej[0]).toMatchObject({ column: 'deal_stage', value: 'Engaging' });
    expect(rej[0].reason).toMatch(/map it to a stage or create it/);
  });
});

describe('orders with a line amount column', () => {
  it('imports a "Sales" column with no hints: unit price = sales / quantity; product category and price from the file', async () => {
    const ws = await t.workspace('Superstore');
    const csv = [
      'Order ID,Order Date,Customer ID,Customer Name,Country,Product ID,Category,Product Name,Sales,Quantity',
      'CA-2016-152156,2016-11-08,CG-12520,Claire Gute,United States,FUR-BO-10001798,Furniture,Bush Somerset Collection Bookcase,261.96,2',
      'CA-2016-152156,2016-11-08,CG-12520,Claire Gute,United States,FUR-CH-10000454,Furniture,Hon Deluxe Fabric Chair,731.94,3',
      'US-2015-108966,2015-10-11,SO-20335,Sean ODonnell,USA,OFF-ST-10000760,Office Supplies,Eldon Fold Storage,22.37,1',
    ].join('\n');
    const up = await upload(ws, csv, 'type=orders&filename=superstore.csv');
    const mapping = Object.fromEntries(up.body.import.mapping.map((m: any) => [m.column, m.target]));
    expect(mapping).toMatchObject({
      Sales: 'lineAmount',
      Quantity: 'quantity',
      Category: 'category',
      'Product ID': 'sku',
    });
    const done = await runToEnd(ws, up.body.import.id);
    expect(done.counts).toEqual({ read: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    const products = (await t.request('GET', '/api/v1/products?limit=50', ws.owner)).body.data;
    expect(products.find((p: any) => p.sku === 'FUR-BO-10001798')).toMatchObject({
      price: 130.98,
      category: 'Furniture',
    });
    const orders = (await t.request('GET', '/api/v1/orders?limit=50', ws.owner)).body.data;
    expect(orders.find((o: any) => o.number === 'CA-2016-152156').total).toBe(993.9);
  });

  it('an "Amount" column alone makes a line of one', async () => {
    const ws = await t.workspace('Amounts');
    const up = await upload(
      ws,
      'Order,Date,Email,Amount\n1001,2024-02-01,a@shop.test,19.50\n1002,2024-02-02,b@shop.test,5\n',
      'type=orders&filename=amounts.csv',
    );
    const done = await runToEnd(ws, up.body.import.id);
    expect(done.counts).toMatchObject({ read: 2, created: 2, rejected: 0 });
  });
});

describe('mapping, contacts, countries, all-rejected', () => {
  it('a user mapping overrides only the columns it names; a field it takes is released by the automatic column', async () => {
    const ws = await t.workspace('Override');
    const up = await upload(
      ws,
      'Email,Full Name,Phone,Mobile\na@x.test,Ann Lee,+14155552671,+14155550000\n',
      'type=contacts&filename=c.csv',
    );
    expect(up.body.import.mapping.find((m: any) => m.column === 'Phone').target).toBe('phone');
    const patched = await t.request('PATCH', `/api/v1/imports/${up.body.import.id}`, ws.owner, {
      mapping: [{ column: 'Mobile', target: 'phone' }],
    });
    expect(patched.status).toBe(200);
    const m = Object.fromEntries(patched.body.import.mapping.map((x: any) => [x.column, x.target]));
    expect(m).toEqual({ Email: 'email', 'Full Name': 'fullName', Mobile: 'phone', Phone: 'custom:phone' });
  });

  it('countries: aliases and misspellings resolve; an unknown one is flagged and the row kept', async () => {
    const ws = await t.workspace('Countries');
    const csv = 'Email,Country\na@x.test,Philipines\nb@x.test,Korea\nc@x.test,Narnia\nd@x.test,UK\n';
    const up = await upload(ws, csv, 'type=contacts&filename=c.csv');
    expect(up.body.preview.problems).toContainEqual(
      expect.objectContaining({
        row: 4,
        column: 'Country',
        value: 'Narnia',
        reason: expect.stringMatching(/left blank, the row is kept/),
      }),
    );
    const done = await runToEnd(ws, up.body.import.id);
    expect(done.counts).toMatchObject({ read: 4, created: 4, rejected: 0 });
    expect(done.summary).toMatchObject({ cellsFlagged: 1 });
    const list = (await t.request('GET', '/api/v1/contacts?limit=50', ws.owner)).body.data;
    const by = Object.fromEntries(list.map((c: any) => [c.email, c]));
    expect([by['a@x.test'].country, by['b@x.test'].country, by['c@x.test'].country, by['d@x.test'].country]).toEqual([
      'PH',
      'KR',
      null,
      'GB',
    ]);
    expect(by['c@x.test'].customFields.country_unrecognised).toBe('Narnia');
  });

  it('a row that would create a contact with no name, email, phone or id is rejected with that reason', async () => {
    const ws = await t.workspace('Nameless');
    const up = await upload(
      ws,
      'Email,Full Name,Company,Notes\n,,Acme,called once\nz@x.test,,,\n',
      'type=contacts&filename=c.csv',
    );
    const done = await runToEnd(ws, up.body.import.id);
    expect(done.counts).toMatchObject({ read: 2, created: 1, rejected: 1 });
    const rej = (await t.request('GET', `/api/v1/imports/${up.body.import.id}/rejections`, ws.owner)).body.data;
    expect(rej).toEqual([expect.objectContaining({ row: 2, reason: 'the row has no name, email, phone or id' })]);
  });
});
