import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../testing/harness';

describe('contacts: list, filter, sort, search, paginate, audit, consent', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  const stages = ['lead', 'mql', 'customer'] as const;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Contacts');
    const records = Array.from({ length: 120 }, (_, i) => ({
      firstName: `First${i % 7}`,
      lastName: i % 11 === 0 ? null : `Last${String(i % 13).padStart(2, '0')}`,
      email: `person${i}@example.test`,
      lifecycleStage: stages[i % 3],
      country: i % 2 ? 'GB' : 'US',
      tags: i % 5 === 0 ? ['vip'] : [],
    }));
    const res = await t.request('POST', '/api/v1/contacts/bulk', ws.owner, { records });
    expect(res.body.created).toBe(120);
  });
  afterAll(() => t.dispose());

  const all = async (query: string, limit: number) => {
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await t.request(
        'GET',
        `/api/v1/contacts?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        ws.owner,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    return seen;
  };

  it('property: paging through any sort returns every matching row once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('lastName', '-lastName', 'email', '-createdAt', 'firstName', '-country'),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom(
          '',
          'filter[lifecycleStage][eq]=mql',
          'filter[country][in]=GB',
          'filter[lastName][isnull]=true',
        ),
        async (sort, limit, filter) => {
          const rows = await all(`sort=${sort}&${filter}`, limit);
          const expected = (await t.request('GET', `/api/v1/contacts?${filter}&count=true&limit=1`, ws.owner)).body
            .total;
          expect(rows.length).toBe(expected);
          expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
          const key = sort.replace(/^-/, '');
          const values = rows.map((r) => r[key]);
          const nonNull = values.filter((v) => v !== null);
          // nulls last, the rest ordered
          expect(values.slice(nonNull.length).every((v) => v === null)).toBe(true);
          const sorted = [...nonNull].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
          expect(nonNull).toEqual(sort.startsWith('-') ? sorted.reverse() : sorted);
        },
      ),
      { numRuns: 12, seed: 3 },
    );
  });

  it('filters by operators, tags and search', async () => {
    const customers = await all('filter[lifecycleStage][eq]=customer', 100);
    expect(customers).toHaveLength(40);
    expect((await all('filter[tags][contains]=vip', 100)).length).toBe(24);
    expect((await all('filter[email][contains]=person11', 100)).map((c) => c.email).sort()).toEqual(
      [
        ...[
          'person11@example.test',
          'person110@example.test',
          'person111@example.test',
          'person112@example.test',
          'person113@example.test',
          'person114@example.test',
          'person115@example.test',
          'person116@example.test',
          'person117@example.test',
          'person118@example.test',
          'person119@example.test',
        ],
      ].sort(),
    );
    const search = await t.request('GET', '/api/v1/contacts?q=first3 last03', ws.owner);
    expect(search.body.data.length).toBeGreaterThan(0);
    expect(search.body.data.every((c: any) => c.firstName === 'First3' && c.lastName === 'Last03')).toBe(true);
    const byEmail = await t.request('GET', '/api/v1/contacts?q=person42@', ws.owner);
    expect(byEmail.body.data.map((c: any) => c.email)).toContain('person42@example.test');
  });

  it('records create and update in the audit log with before/after, and consent history', async () => {
    const c = await t.request('POST', '/api/v1/contacts', ws.owner, {
      firstName: 'Grace',
      email: 'grace@navy.test',
      consentMarketingEmail: 'granted',
    });
    await t.request('PATCH', `/api/v1/contacts/${c.body.id}`, ws.owner, {
      lastName: 'Hopper',
      consentMarketingEmail: 'denied',
    });
    const audit = await t.request('GET', `/api/v1/audit?entityType=contact&entityId=${c.body.id}`, ws.owner);
    const [update, create] = audit.body.data;
    expect(create.action).toBe('contact.create');
    expect(update).toMatchObject({
      action: 'contact.update',
      actorType: 'user',
      actorId: ws.owner.id,
      before: { lastName: null, consentMarketingEmail: 'granted' },
      after: { lastName: 'Hopper', consentMarketingEmail: 'denied' },
    });
    const consent = await t.request('GET', `/api/v1/contacts/${c.body.id}/consent`, ws.owner);
    expect(consent.body.data.map((e: any) => `${e.purpose}:${e.state}`)).toEqual([
      'marketing_email:granted',
      'marketing_email:denied',
    ]);
    // the audit log cannot be rewritten
    await expect(t.database.query('update audit_log set action = $1', ['x'])).rejects.toThrow(/append-only/);
  });

  it('moving to customer stamps becameCustomerAt once', async () => {
    const c = await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Buyer' });
    const up = await t.request('PATCH', `/api/v1/contacts/${c.body.id}`, ws.owner, { lifecycleStage: 'customer' });
    expect(up.body.becameCustomerAt).toBe('2026-06-01T12:00:00.000Z');
  });
});
