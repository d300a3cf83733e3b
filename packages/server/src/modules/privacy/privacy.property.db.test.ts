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
  beforeAll(async () => {
    t = await createTestApp();
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
        const erased = await t.request('POST', `/api/v1/contacts/${created.body.id}/privacy/erase`, ws.owner, {
          confirm: email,
        });
        expect(erased.status, JSON.stringify(erased.body)).toBe(200);
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
