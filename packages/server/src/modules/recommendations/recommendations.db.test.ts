import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';

describe('recommendations API', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  const p: Record<string, string> = {};
  const c: string[] = [];
  const ok = (r: { status: number; body: any }) => {
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  };
  const buy = (contactId: string, day: number, ...products: string[]) =>
    t
      .request('POST', '/api/v1/orders', ws.owner, {
        contactId,
        orderedAt: `2026-0${1 + (day % 5)}-${String(1 + (day % 27)).padStart(2, '0')}T10:00:00Z`,
        lines: products.map((id) => ({ productId: id, quantity: 1, unitPrice: 10 })),
      })
      .then(ok);

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Recs');
    for (const name of ['Espresso machine', 'Grinder', 'Tamper', 'Beans', 'Descaler'])
      p[name] = ok(await t.request('POST', '/api/v1/products', ws.owner, { name, price: 10 })).id;
    for (let i = 0; i < 8; i++)
      c.push(ok(await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: `B${i}` })).id);
    // Machine buyers also buy a grinder and a tamper; bean buyers buy descaler.
    for (let i = 0; i < 5; i++)
      await buy(c[i]!, i, p['Espresso machine']!, p['Grinder']!, ...(i < 4 ? [p['Tamper']!] : []));
    for (let i = 4; i < 7; i++) await buy(c[i]!, i + 10, p['Beans']!, p['Descaler']!);
  });
  afterAll(() => t.dispose());

  it('suggests what similar customers bought, with the reason, never what the contact already has', async () => {
    const r = ok(await t.request('GET', `/api/v1/contacts/${c[4]}/recommendations?n=3`, ws.owner));
    expect(r.basis).toBe('history');
    expect(r.items[0]).toMatchObject({ name: 'Tamper', source: 'item-cf' });
    expect(r.items[0].reason).toMatch(/Customers who bought .* also bought this/);
    const names = r.items.map((i: any) => i.name);
    for (const owned of ['Espresso machine', 'Grinder', 'Beans', 'Descaler']) expect(names).not.toContain(owned);
  });

  it('gives best sellers, said as such, to a contact who has bought nothing', async () => {
    const r = ok(await t.request('GET', `/api/v1/contacts/${c[7]}/recommendations`, ws.owner));
    expect(r.basis).toBe('popularity');
    expect(r.message).toMatch(/has not bought anything yet/);
    expect(r.items[0].reason).toMatch(/Popular: bought by 5 customers/);
  });

  it('lists products bought together with confidence and lift, and the strongest pairs', async () => {
    const r = ok(await t.request('GET', `/api/v1/products/${p['Espresso machine']}/bought-together`, ws.owner));
    expect(r.items.map((i: any) => i.name)).toEqual(['Grinder', 'Tamper']);
    expect(r.items[0].confidence).toBe(1);
    const none = ok(await t.request('GET', `/api/v1/products/${p['Beans']}/bought-together?n=3`, ws.owner));
    expect(none.items.map((i: any) => i.name)).toEqual(['Descaler']);
    const pairs = ok(await t.request('GET', '/api/v1/recommendations/pairs', ws.owner));
    expect(pairs.items.length).toBeGreaterThan(0);
    expect(pairs.items[0].with.name).toBeTruthy();
  });

  it('explains an evaluation with too little history, and an empty workspace', async () => {
    const e = ok(await t.request('GET', '/api/v1/recommendations/evaluation', ws.owner));
    expect(e.message).toMatch(/Too little history/);
    const empty = await t.workspace('No orders');
    const contact = ok(await t.request('POST', '/api/v1/contacts', empty.owner, { firstName: 'X' }));
    const r = ok(await t.request('GET', `/api/v1/contacts/${contact.id}/recommendations`, empty.owner));
    expect(r.items).toEqual([]);
    expect(r.message).toMatch(/No product orders in this workspace yet/);
    expect(ok(await t.request('GET', '/api/v1/recommendations/evaluation', empty.owner)).message).toMatch(
      /No product orders yet/,
    );
  });

  it('keeps workspaces and reps apart', async () => {
    const other = await t.workspace('Other');
    expect((await t.request('GET', `/api/v1/contacts/${c[0]}/recommendations`, other.owner)).status).toBe(404);
    expect((await t.request('GET', `/api/v1/products/${p['Grinder']}/bought-together`, other.owner)).status).toBe(404);
    const rep = await ws.member('rep');
    ok(await t.request('PATCH', `/api/v1/contacts/${c[0]}`, ws.owner, { ownerId: ws.owner.id }));
    expect((await t.request('GET', `/api/v1/contacts/${c[0]}/recommendations`, rep)).status).toBe(404);
  });
});
