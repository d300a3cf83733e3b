import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp } from '../testing/harness';
import { defineJob } from './jobs';

describe('jobs on pg-boss', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  const seen: number[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Jobs');
    t.services.runner.register(
      defineJob({
        name: 'test.sum',
        schema: z.object({ values: z.array(z.number()) }),
        handler: async (ctx) => {
          await ctx.progress(0.5, 'adding');
          seen.push(...ctx.data.values);
          return { sum: ctx.data.values.reduce((a, b) => a + b, 0) };
        },
      }),
      defineJob({
        name: 'test.fail',
        schema: z.object({}),
        retryLimit: 0,
        handler: async () => {
          throw new Error('the disk is full');
        },
      }),
    );
    await t.services.runner.start({ work: true });
  });
  afterAll(async () => {
    await t.services.runner.stop();
    await t.dispose();
  });

  it('runs a queued job to done with its result, visible through the status API', async () => {
    const id = await t.services.jobs.enqueue(ws.actor, 'test.sum', { values: [1, 2, 3] });
    const queued = await t.request('GET', `/api/v1/jobs/${id}`, ws.owner);
    expect(['queued', 'running', 'done']).toContain(queued.body.state);
    const done = await t.waitForJob(id, ws.owner);
    expect(done).toMatchObject({ state: 'done', progress: 1, result: { sum: 6 }, error: null });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('records a failure with its error', async () => {
    const id = await t.services.jobs.enqueue(ws.actor, 'test.fail', {});
    const failed = await t.waitForJob(id, ws.owner);
    expect(failed).toMatchObject({ state: 'failed', error: 'the disk is full' });
  });

  it('rejects bad job input before queueing, and hides other workspaces’ jobs', async () => {
    await expect(t.services.jobs.enqueue(ws.actor, 'test.sum', { values: 'x' })).rejects.toThrow(/Invalid job input/);
    const other = await t.workspace('Other');
    const id = await t.services.jobs.enqueue(ws.actor, 'test.sum', { values: [4] });
    expect((await t.request('GET', `/api/v1/jobs/${id}`, other.owner)).status).toBe(404);
  });
});
