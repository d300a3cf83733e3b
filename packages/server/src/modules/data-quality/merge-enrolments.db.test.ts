import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';

// Sequence enrolments hold a partial unique index (one active enrolment per contact and sequence): a merge moves
// them with their steps, and refuses plainly when both records are active in the same sequence.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { PIPEWISE_JOBS: 'off' } });
});
afterAll(() => t.dispose());

describe('merging contacts that are in sequences', () => {
  it('refuses with 409 while both are active in the same sequence, and merges once one has ended', async () => {
    const ws = await t.workspace('Merge Enrolments');
    const as = ws.owner;
    const contact = async (email: string) => {
      const r = await t.request('POST', '/api/v1/contacts', as, {
        firstName: 'Ada',
        lastName: 'Twice',
        email,
        country: 'US',
        consentMarketingEmail: 'granted',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const [a, b] = [await contact('ada@one.test'), await contact('ada@two.test')];
    const seq = (await t.request('POST', '/api/v1/sequences', as, { name: 'Follow-up' })).body.id as string;
    await t.request('PUT', `/api/v1/sequences/${seq}/steps`, as, {
      steps: [{ kind: 'wait', wait: { amount: 3, unit: 'days' } }],
    });
    expect((await t.request('PATCH', `/api/v1/sequences/${seq}`, as, { status: 'active' })).status).toBe(200);
    const enrol = await t.request('POST', `/api/v1/sequences/${seq}/enrolments`, as, { contactIds: [a, b] });
    expect(enrol.body.enrolled, JSON.stringify(enrol.body)).toBe(2);

    const refused = await t.request('POST', '/api/v1/data-quality/merges', as, {
      type: 'contacts',
      survivorId: a,
      loserId: b,
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body.error.message).toMatch(/same sequence/);
    expect((await t.request('GET', `/api/v1/contacts/${b}`, as)).status).toBe(200);

    const people = await t.request('GET', `/api/v1/sequences/${seq}/enrolments`, as);
    const ofB = (people.body.items as { id: string; contactId: string }[]).find((e) => e.contactId === b)!;
    expect((await t.request('POST', `/api/v1/sequences/enrolments/${ofB.id}/exit`, as, {})).status).toBe(200);
    const merged = await t.request('POST', '/api/v1/data-quality/merges', as, {
      type: 'contacts',
      survivorId: a,
      loserId: b,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    const after = await t.request('GET', `/api/v1/sequences/${seq}/enrolments`, as);
    expect((after.body.items as { contactId: string }[]).map((e) => e.contactId)).toEqual([a, a]);
  });
});
