import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import { systemClock } from '../../platform/clock';
import { CHUNK_BYTES } from './storage';

type Ws = Awaited<ReturnType<TestApp['workspace']>>;

// Uploads live in the database on PostgreSQL only (PGlite is one process and keeps them in its data folder).
const stores = process.env.PIPEWISE_TEST_DB === 'postgres' ? (['database', 'files'] as const) : (['files'] as const);

describe.each(stores)('uploads stored as %s', (store) => {
  let t: TestApp;
  let ws: Ws;
  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pw-uploads-'));
    t = await createTestApp({ clock: systemClock, env: { PIPEWISE_DATA_DIR: dataDir, PIPEWISE_UPLOADS: store } });
    ws = await t.workspace('Uploads');
    await t.services.runner.start({ work: true });
  });
  afterAll(async () => {
    await t.services.runner.stop();
    await t.dispose();
  });

  const upload = async (csv: string) => {
    const res = await t.app.request('/api/v1/imports?type=contacts&filename=c.csv', {
      method: 'POST',
      headers: { origin: 'http://localhost', cookie: `pw_session=${ws.owner.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const chunks = async (id: string) =>
    (await t.database.query('SELECT count(*)::int AS n FROM import_upload_chunks WHERE upload_id = $1', [id])).rows[0]
      .n as number;

  it('keeps a large upload in 1 MB pieces and reads it back whole', async () => {
    const lines = ['Email,First Name,Notes'];
    for (let i = 0; lines.join('\n').length < 2.5 * CHUNK_BYTES; i++)
      for (let k = 0; k < 1000; k++) lines.push(`p${i}-${k}@example.com,Person ${k},${'x'.repeat(60)}`);
    const csv = lines.join('\n');
    const up = await upload(csv);
    expect(up.status).toBe(201);
    expect(await chunks(up.body.import.id)).toBe(
      store === 'database' ? Math.ceil(Buffer.byteLength(csv) / CHUNK_BYTES) : 0,
    );
    const started = await t.request('POST', `/api/v1/imports/${up.body.import.id}/run`, ws.owner, { dryRun: true });
    expect(started.status).toBe(202);
    const imp = await waitForImport(
      t,
      ws,
      up.body.import.id,
      (s) => s === 'draft' || s === 'failed',
      (i) => i.counts.read > 0,
    );
    expect(imp.counts.read).toBe(lines.length - 1);
    expect((await t.request('DELETE', `/api/v1/imports/${up.body.import.id}`, ws.owner)).status).toBe(204);
    expect(await chunks(up.body.import.id)).toBe(0);
  }, 120_000);

  it('marks the import failed with the reason when its upload is gone, and the process carries on', async () => {
    const up = await upload('Email,First Name\na@example.com,Ann\nb@example.com,Bob\n');
    expect(up.status).toBe(201);
    const id = up.body.import.id as string;
    const stored = (await t.database.query('SELECT file_path FROM imports WHERE id = $1', [id])).rows[0]
      .file_path as string;
    if (store === 'database') await t.database.query('DELETE FROM import_upload_chunks WHERE upload_id = $1', [id]);
    else await rm(stored);

    const preview = await t.request('GET', `/api/v1/imports/${id}/preview`, ws.owner);
    expect(preview.status).toBe(400);
    expect(preview.body.error.message).toMatch(/no longer stored/);

    const started = await t.request('POST', `/api/v1/imports/${id}/run`, ws.owner, {});
    expect(started.status).toBe(202);
    const imp = await waitForImport(t, ws, id, (s) => s === 'failed');
    expect(imp.status).toBe('failed');
    expect(imp.error).toMatch(/uploaded file is no longer stored/);
    const job = (await t.request('GET', `/api/v1/jobs/${started.body.job.id}`, ws.owner)).body;
    expect(job.error).toMatch(/no longer stored/);
    // Still serving: the failed read was an answer, not a crash.
    expect((await t.request('GET', '/api/v1/imports', ws.owner)).status).toBe(200);
  }, 60_000);
});

async function waitForImport(
  t: TestApp,
  ws: Ws,
  id: string,
  done: (status: string) => boolean,
  also: (i: any) => boolean = () => true,
) {
  for (let i = 0; i < 600; i++) {
    const imp = (await t.request('GET', `/api/v1/imports/${id}`, ws.owner)).body.import;
    if (done(imp.status) && also(imp)) return imp;
    await new Promise((r) => setTimeout(r, 100));
  }
  return (await t.request('GET', `/api/v1/imports/${id}`, ws.owner)).body.import;
}
