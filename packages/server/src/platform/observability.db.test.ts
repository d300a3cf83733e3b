import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../testing/harness';
import { defineJob } from './jobs';
import { loadConfig } from './config';

const token = 'metrics-token-0123456789';

describe('health and metrics', () => {
  let t: TestApp;
  let plain: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PIPEWISE_METRICS_TOKEN: token } });
    plain = await createTestApp();
    t.services.runner.register(
      defineJob({ name: 'test.metric', schema: z.object({}), handler: async () => ({ ok: true }) }),
    );
    await t.services.runner.start({ work: false }); // queues exist, nothing takes jobs: they wait
  });
  afterAll(async () => {
    await t.services.runner.stop();
    await t.dispose();
    await plain.dispose();
  });

  it('reports the database and the queue backlog on /api/health', async () => {
    const ws = await t.workspace('Health');
    await t.services.jobs.enqueue(ws.actor, 'test.metric', {});
    const res = await t.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: expect.stringMatching(/pglite|postgres/),
      queue: { waiting: 1 },
    });
    expect(res.body.queue.oldestWaitingSeconds).toBeGreaterThanOrEqual(0);
    expect(res.body.databaseLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('serves Prometheus text behind the token, and nothing without one configured', async () => {
    await t.request('GET', '/api/v1/contacts'); // a 401, counted like any request
    expect((await plain.request('GET', '/metrics')).status).toBe(404);
    expect((await t.request('GET', '/metrics')).status).toBe(401);
    expect(
      (await t.app.request('/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
    ).toBe(401);
    const res = await t.app.request('/metrics', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('pipewise_http_requests_total{method="GET",route="/api/v1/*",status="401"} 1');
    expect(text).toMatch(
      /pipewise_http_request_duration_seconds_bucket\{method="GET",route="\/api\/health",le="\+Inf"\} 1/,
    );
    expect(text).toContain('pipewise_jobs{queue="test.metric",state="created"} 1');
    expect(text).toContain('pipewise_jobs_waiting 1');
  });

  it('refuses a short metrics token and a bad pool size, naming the variable', () => {
    expect(() => loadConfig({ PIPEWISE_METRICS_TOKEN: 'short' })).toThrow(/PIPEWISE_METRICS_TOKEN/);
    expect(() => loadConfig({ PIPEWISE_DB_POOL: '1' })).toThrow(/PIPEWISE_DB_POOL/);
    expect(() => loadConfig({ PIPEWISE_DB_POOL: 'ten' })).toThrow(/PIPEWISE_DB_POOL/);
    expect(loadConfig({ PIPEWISE_DB_POOL: '25' }).PIPEWISE_DB_POOL).toBe(25);
  });
});
