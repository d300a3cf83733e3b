import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';

/**
 * Names with quotes, backslashes, regex characters, accents and emoji: the erasure's patterns must neither fail
 * (a broken JSON cast would roll the erasure back) nor leave the name behind in the contact's audit trail.
 */
describe('erasure of any name', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let dataDir: string;
  /** Stored uploads (files here; database chunks on PostgreSQL with PIPEWISE_UPLOADS=database) that hold a value. */
  const uploadsHolding = async (needle: string) => {
    const chunks = await t.database.query(
      `select count(*)::int as n from import_upload_chunks where workspace_id = $1 and strpos(lower(convert_from(data, 'UTF8')), lower($2)) > 0`,
      [ws.id, needle],
    );
    let files = 0;
    try {
      for (const f of readdirSync(path.join(dataDir, 'imports'), { recursive: true, withFileTypes: true }))
        if (
          f.isFile() &&
          readFileSync(path.join(f.parentPath, f.name), 'utf8').toLowerCase().includes(needle.toLowerCase())
        )
          files++;
    } catch {
      // no uploads folder yet
    }
    return chunks.rows[0].n + files;
  };
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'pw-privacy-prop-'));
    t = await createTestApp({ env: { PIPEWISE_DATA_DIR: dataDir } });
    ws = await t.workspace('Property');
  });
  afterAll(() => t.dispose());

  const part = fc
    .string({ minLength: 3, maxLength: 12, unit: fc.constantFrom(...[...'aZé"\\.*+?()[]{}|^$\'-_ ø🙂']) })
    .map((s) => `Q${s.trim()}x`);

  it('erases the contact and leaves none of its names in the audit log', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(part, part, async (first, last) => {
        const email = `p${++n}@prop.test`;
        const created = await t.request('POST', '/api/v1/contacts', ws.owner, {
          firstName: first,
          lastName: last,
          email,
          customFields: { note: `${first} said hi` },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        await t.request('PATCH', `/api/v1/contacts/${created.body.id}`, ws.owner, { title: `${last} boss` });
        // A stored upload that names them, and a score of theirs in monitoring's prediction log.
        const csv = `Email,First Name\n${email},"${first.replace(/"/g, '""')}"\nsomeone${n}@else.test,Else\n`;
        const up = await t.app.request('/api/v1/imports?type=contacts&filename=people.csv', {
          method: 'POST',
          headers: { origin: 'http://localhost', cookie: `pw_session=${ws.owner.token}`, 'content-type': 'text/csv' },
          body: csv,
        });
        expect(up.status).toBeLessThan(300);
        await t.database.query(
          `insert into monitoring_predictions (workspace_id, model_id, entity, entity_id, model_version, probability, tier, scored_at)
           values ($1, gen_random_uuid(), 'contact', $2, 1, 0.5, 'B', now())`,
          [ws.id, created.body.id],
        );
        expect(await uploadsHolding(email)).toBe(1);
        const erased = await t.request('POST', `/api/v1/contacts/${created.body.id}/privacy/erase`, ws.owner, {
          confirm: email,
        });
        expect(erased.status, JSON.stringify(erased.body)).toBe(200);
        expect(await uploadsHolding(email)).toBe(0);
        const logged = await t.database.query(
          'select count(*)::int as n from monitoring_predictions where workspace_id = $1 and entity_id = $2',
          [ws.id, created.body.id],
        );
        expect(logged.rows[0].n).toBe(0);
        for (const needle of [first, last, email]) {
          const { rows } = await t.database.query(
            `select count(*)::int as n from audit_log where workspace_id = $1 and (strpos(before::text, $2) > 0 or strpos(after::text, $2) > 0 or strpos(before::text, $3) > 0 or strpos(after::text, $3) > 0)`,
            [ws.id, needle, JSON.stringify(needle).slice(1, -1)],
          );
          expect(rows[0].n, needle).toBe(0);
        }
      }),
      { numRuns: 15, seed: 140 },
    );
  }, 120_000);
});
