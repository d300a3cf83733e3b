import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../testing/harness';
import { seedRecords } from '../../testing/fixtures';

/** The audit log's hash chain: intact after ordinary and concurrent writes, and a changed or forged entry is named. */
describe('audit hash chain', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let other: Awaited<ReturnType<TestApp['workspace']>>;

  const rows = async (sql: string, values: unknown[] = []) =>
    ((await t.database.query(sql, values)) as { rows: Record<string, unknown>[] }).rows;
  // Only a superuser or the table owner may switch the append-only trigger off: exactly what an attacker with the
  // application's own role must not be able to do (docs/security.md), and what this test needs to simulate one.
  const tamper = async (sql: string, values: unknown[]) => {
    await t.database.query('alter table audit_log disable trigger audit_log_append_only');
    try {
      await t.database.query(sql, values);
    } finally {
      await t.database.query('alter table audit_log enable trigger audit_log_append_only');
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Chain');
    other = await t.workspace('Other chain');
    await seedRecords(t, ws.owner);
    await seedRecords(t, other.owner);
  });
  afterAll(() => t.dispose());

  it('every entry is chained and the chain verifies', async () => {
    const entries = await rows('select id, prev_hash, hash from audit_log where workspace_id = $1 order by id', [
      ws.id,
    ]);
    expect(entries.length).toBeGreaterThan(5);
    expect(entries[0]!.prev_hash).toBeNull();
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prev_hash).toBe(entries[i - 1]!.hash);
    const report = await t.request('GET', '/api/v1/audit/verify', ws.owner);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ ok: true, entries: entries.length, verified: entries.length, unchained: 0 });
  });

  it('concurrent writes of one workspace still form one chain', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.request('POST', '/api/v1/companies', ws.owner, { name: `Parallel ${i}` })),
    );
    const report = (await t.request('GET', '/api/v1/audit/verify', ws.owner)).body;
    expect(report.ok).toBe(true);
    const forks = await rows(
      'select prev_hash, count(*)::int as n from audit_log where workspace_id = $1 group by 1 having count(*) > 1',
      [ws.id],
    );
    expect(forks).toEqual([]);
  });

  it("a changed after-value is reported at that entry, and the other workspace's chain is unaffected", async () => {
    const [victim] = await rows(
      "select id from audit_log where workspace_id = $1 and action = 'deal.create' order by id limit 1",
      [ws.id],
    );
    await tamper(`update audit_log set after = jsonb_set(after, '{amount}', '1') where id = $1`, [victim!.id]);
    const report = (await t.request('GET', '/api/v1/audit/verify', ws.owner)).body;
    expect(report.ok).toBe(false);
    expect(report.brokenAt.id).toBe(Number(victim!.id));
    expect(report.brokenAt.reason).toMatch(/changed/);
    expect((await t.request('GET', '/api/v1/audit/verify', other.owner)).body.ok).toBe(true);
  });

  it("an erasure's redaction keeps the chain whole; any other change through the same door is refused", async () => {
    const fresh = await t.workspace('Redacted');
    await t.request('POST', '/api/v1/companies', fresh.owner, { name: 'Erase Me Ltd' });
    const [entry] = await rows("select id from audit_log where workspace_id = $1 and action = 'company.create'", [
      fresh.id,
    ]);
    const redact = (set: string) =>
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('pipewise.audit_redaction', 'on', true)`);
        await tx.execute(sql.raw(`update audit_log set ${set} where id = ${Number(entry!.id)}`));
      });
    // drizzle wraps the database's error ("audit_log is append-only") as its cause.
    await expect(redact(`hash = 'f00'`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/append-only/) },
    });
    await redact(`after = '{"name":"[erased]"}'::jsonb`);
    const [after] = await rows('select redacted_at from audit_log where id = $1', [entry!.id]);
    expect(after!.redacted_at).not.toBeNull();
    const report = (await t.request('GET', '/api/v1/audit/verify', fresh.owner)).body;
    expect(report).toMatchObject({ ok: true, redacted: 1 });
  });

  it('a removed entry and a forged entry are reported', async () => {
    const o = other.id;
    const [, second, third] = await rows('select id from audit_log where workspace_id = $1 order by id limit 3', [o]);
    await tamper('delete from audit_log where id = $1', [second!.id]);
    let report = (await t.request('GET', '/api/v1/audit/verify', other.owner)).body;
    expect(report).toMatchObject({ ok: false, brokenAt: { id: Number(third!.id) } });
    expect(report.brokenAt.reason).toMatch(/removed/);

    const fresh = await t.workspace('Forged');
    await t.request('POST', '/api/v1/companies', fresh.owner, { name: 'Real' });
    const [last] = await rows('select hash from audit_log where workspace_id = $1 order by id desc limit 1', [
      fresh.id,
    ]);
    // A row inserted straight into the table (no trigger stops inserts) with a made-up hash.
    await t.database.query(
      "insert into audit_log (workspace_id, actor_type, action, entity_type, prev_hash, hash) values ($1, 'user', 'company.delete', 'company', $2, 'f00')",
      [fresh.id, last!.hash],
    );
    const [forged] = await rows('select id from audit_log where workspace_id = $1 order by id desc limit 1', [
      fresh.id,
    ]);
    report = (await t.request('GET', '/api/v1/audit/verify', fresh.owner)).body;
    expect(report).toMatchObject({ ok: false, brokenAt: { id: Number(forged!.id) } });
  });

  it('entries from before the chain (no hash) are counted as unchained, not as broken', async () => {
    const [legacy] = await rows("insert into workspaces (name) values ('Legacy') returning id");
    const id = String(legacy!.id);
    await t.database.query(
      "insert into audit_log (workspace_id, actor_type, action, entity_type) values ($1, 'user', 'company.create', 'company'), ($1, 'user', 'company.update', 'company')",
      [id],
    );
    const actor = {
      kind: 'system' as const,
      id: 'test',
      userId: null,
      workspaceId: id,
      role: 'owner' as const,
      name: 'test',
      repsSeeUnassigned: true,
    };
    await t.database.db.transaction((tx) =>
      t.services.audit.record(tx, actor, {
        action: 'company.create',
        entityType: 'company',
        after: { name: 'After the upgrade' },
      }),
    );
    expect(await t.services.audit.verify(id)).toMatchObject({ ok: true, entries: 3, verified: 1, unchained: 2 });
  });

  it('only admins may verify', async () => {
    const rep = await ws.member('rep');
    expect((await t.request('GET', '/api/v1/audit/verify', rep)).status).toBe(403);
  });
});
