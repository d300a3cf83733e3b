import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';
import { systemClock } from '../../platform/clock';

let t: TestApp;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-imports-prop-'));
  t = await createTestApp({ clock: systemClock, env: { PIPEWISE_DATA_DIR: dir } });
});
afterAll(() => t.dispose());

const quote = (s: string, d: string) => (/["\r\n]/.test(s) || s.includes(d) ? `"${s.replace(/"/g, '""')}"` : s);
const messyCell = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'x@y',
    'Ann',
    'Smith, Jr.',
    'line\nbreak',
    'say "hi"',
    '+1 415 555 2671',
    '12',
    'José',
    '😀',
    'UK',
    'Atlantis',
    '03/04/2024',
  ),
  fc.string({ maxLength: 12 }),
);
const email = fc.oneof(fc.constantFrom('a@x.io', 'A@X.io ', 'b@x.io', 'c@gmail.com', 'bad', ''), fc.emailAddress());
const row = fc.tuple(email, messyCell, messyCell, messyCell);

async function snapshot(workspaceId: string) {
  const res = await t.database.query(
    `SELECT id, row_to_json(c)::text AS j FROM contacts c WHERE workspace_id = $1 UNION ALL SELECT id, row_to_json(k)::text FROM companies k WHERE workspace_id = $1`,
    [workspaceId],
  );
  return new Map(res.rows.map((r: { id: string; j: string }) => [r.id, r.j]));
}

describe('messy CSVs (property)', () => {
  it('counts add up to the rows read, and nothing but the import’s own records changes', async () => {
    const ws = await t.workspace('Props');
    const other = await t.workspace('Bystander');
    // Records that exist before: in this workspace (may be matched and updated) and in another one (never touched).
    await t.request('POST', '/api/v1/contacts', ws.owner, { email: 'a@x.io', firstName: 'Existing' });
    await t.request('POST', '/api/v1/contacts', other.owner, { email: 'a@x.io', firstName: 'Other' });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 25 }),
        fc.constantFrom(',', ';', '\t'),
        fc.boolean(),
        async (rows, d, crlf) => {
          const nl = crlf ? '\r\n' : '\n';
          const csv =
            ['Email', 'Name', 'Phone', 'Country'].join(d) +
            nl +
            rows.map((r) => r.map((c) => quote(c, d)).join(d)).join(nl);
          const before = await snapshot(ws.id);
          const otherBefore = await snapshot(other.id);
          let imp;
          try {
            ({ import: imp } = await t.services.imports.upload(ws.actor, {
              type: 'contacts',
              fileName: 'p.csv',
              body: Readable.from([Buffer.from(csv)]),
            }));
          } catch (e) {
            expect((e as Error).message).toMatch(/empty|not a text file|appears twice/);
            return;
          }
          await t.services.imports.update(ws.actor, imp.id, {
            mapping: [
              { column: 'Email', target: 'email' },
              { column: 'Name', target: 'fullName' },
              { column: 'Phone', target: 'phone' },
              { column: 'Country', target: 'country' },
            ],
          });
          await t.services.imports.prepareRun(ws.actor, imp.id, {});
          let result: { counts: Record<string, number> } | null = null;
          try {
            result = (await t.services.imports.run(ws.actor, imp.id, async () => {})) as {
              counts: Record<string, number>;
            };
          } catch (e) {
            expect((e as Error).message).toMatch(/no rows|quoted field/);
          }
          if (result) {
            const c = result.counts;
            expect(c.created! + c.updated! + c.unchanged! + c.rejected!).toBe(c.read);
            const rejected = (await t.services.imports.rejections(ws.actor, imp.id, { limit: 1000 })).length;
            expect(rejected).toBe(c.rejected);
          }
          const own = new Set(
            (await t.database.query(`SELECT entity_id FROM import_records WHERE import_id = $1`, [imp.id])).rows.map(
              (r: { entity_id: string }) => r.entity_id,
            ),
          );
          const after = await snapshot(ws.id);
          for (const [id, j] of before) if (!own.has(id)) expect(after.get(id)).toBe(j);
          for (const id of after.keys()) if (!before.has(id)) expect(own.has(id)).toBe(true);
          expect(await snapshot(other.id)).toEqual(otherBefore);
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  }, 60_000);
});
