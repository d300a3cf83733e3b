import { describe, expect, it } from 'vitest';
import { createCompanyMatcher, prepareCompany, scoreCompanyPair } from './companies';
import { createContactMatcher, prepareContact, scoreContactPair, type ContactInput } from './contacts';
import { blockPairs } from './blocking';
import { pairQuality, syntheticContacts } from './synthetic';
import { LIKELY_DUPLICATE, scoreAll } from './types';

const c = (over: Partial<ContactInput>): ContactInput => ({
  id: 'x',
  firstName: 'Jane',
  lastName: 'Doe',
  email: null,
  phone: null,
  ...over,
});
const score = (a: Partial<ContactInput>, b: Partial<ContactInput>) =>
  scoreContactPair(prepareContact(c({ id: 'a', ...a })), prepareContact(c({ id: 'b', ...b })));

describe('scoreContactPair', () => {
  it.each([
    {
      name: 'case-changed email',
      a: { email: 'jane@acme.com' },
      b: { email: ' JANE@Acme.com' },
      likely: true,
      codes: ['same_email', 'similar_name'],
    },
    {
      name: 'reformatted phone',
      a: { phone: '+14155550134' },
      b: { phone: '(415) 555-0134', firstName: 'Jnae' },
      likely: true,
      codes: ['same_phone', 'similar_name'],
    },
    {
      name: 'shared line, other person',
      a: { phone: '+14155550134', firstName: 'Anna' },
      b: { phone: '415 555 0134', firstName: 'Robert' },
      likely: false,
      codes: ['same_phone'],
    },
    {
      name: 'name and company',
      a: { companyId: 'co1', email: 'jane@acme.com' },
      b: { companyId: 'co1', firstName: 'Jane ', email: null },
      likely: true,
      codes: ['similar_name', 'same_company'],
    },
    {
      name: 'name only: homonym',
      a: { email: 'jane@acme.com', phone: '+14155550134' },
      b: { email: 'jd@other.org', phone: '+12125550199' },
      likely: false,
      codes: ['similar_name'],
    },
    {
      name: 'same external id',
      a: { externalId: 'H-1' },
      b: { externalId: 'H-1', firstName: 'Bob' },
      likely: true,
      codes: ['same_external_id'],
    },
    {
      name: 'work and personal address alone',
      a: { email: 'jane.doe@acme.com' },
      b: { email: 'janedoe@gmail.com' },
      likely: false,
      codes: ['same_email_local', 'similar_name'],
    },
  ])('$name', ({ a, b, likely, codes }) => {
    const r = score(a, b);
    expect(r.score >= LIKELY_DUPLICATE).toBe(likely);
    expect(r.reasons.map((x) => x.code)).toEqual(codes);
  });
});

describe('scoreCompanyPair', () => {
  const s = (a: object, b: object) =>
    scoreCompanyPair(prepareCompany({ id: 'a', ...a }), prepareCompany({ id: 'b', ...b }));
  it.each([
    { name: 'legal form and case', a: { name: 'Acme Inc.' }, b: { name: 'ACME' }, likely: true },
    {
      name: 'same domain',
      a: { name: 'Acme', domain: 'https://www.acme.com' },
      b: { name: 'Acme Corporation', domain: 'acme.com' },
      likely: true,
    },
    {
      name: 'typo, same city',
      a: { name: 'Northwind Traders', city: 'Seattle' },
      b: { name: 'Nortwind Traders', city: 'seattle' },
      likely: true,
    },
    {
      name: 'same name, different domains',
      a: { name: 'Acme', domain: 'acme.com' },
      b: { name: 'Acme', domain: 'acme-tools.de' },
      likely: false,
    },
    {
      name: 'free-mail domain is not evidence',
      a: { name: 'Joe Plumbing', domain: 'gmail.com' },
      b: { name: 'Blue Bakery', domain: 'gmail.com' },
      likely: false,
    },
    { name: 'unrelated', a: { name: 'Contoso' }, b: { name: 'Fabrikam' }, likely: false },
  ])('$name', ({ a, b, likely }) => expect(s(a, b).score >= LIKELY_DUPLICATE).toBe(likely));

  it('finds company pairs through blocking', () => {
    const m = createCompanyMatcher([
      { id: '1', name: 'Acme Inc', domain: 'acme.com' },
      { id: '2', name: 'Globex' },
      { id: '3', name: 'ACME', domain: 'www.acme.com' },
    ]);
    expect(scoreAll(m).map((x) => [x.a, x.b])).toEqual([['1', '3']]);
  });
});

describe('blockPairs', () => {
  it('pairs within a block once, whatever the number of shared keys', () => {
    const p = blockPairs([['k', 'j'], ['k', 'j'], ['z']], ['a', 'b', 'c']);
    expect([...p.left]).toEqual([0]);
    expect([...p.right]).toEqual([1]);
  });
  it('compares an oversized block by sorted neighbourhood, not all pairs', () => {
    const keys = Array.from({ length: 100 }, () => ['same']);
    const sort = keys.map((_, i) => String(i).padStart(3, '0'));
    const p = blockPairs(keys, sort, { maxBlock: 10, window: 2 });
    expect(p.length).toBe(99 + 98);
  });
});

describe('contact matcher on a planted list', () => {
  it('finds planted duplicates with recall and precision of at least 0.95', () => {
    const { rows, truth } = syntheticContacts({ originals: 3800, duplicates: 200, seed: 11 });
    const likely = scoreAll(createContactMatcher(rows, { defaultCountry: 'US' })).filter(
      (x) => x.score >= LIKELY_DUPLICATE,
    );
    const q = pairQuality(likely, truth);
    expect(q.recall).toBeGreaterThanOrEqual(0.95);
    expect(q.precision).toBeGreaterThanOrEqual(0.95);
  });
  it('finds duplicates that share only a name and a company (hard plants)', () => {
    const { rows, truth } = syntheticContacts({ originals: 3800, duplicates: 200, seed: 23, hard: 1 });
    const likely = scoreAll(createContactMatcher(rows, { defaultCountry: 'US' })).filter(
      (x) => x.score >= LIKELY_DUPLICATE,
    );
    const q = pairQuality(likely, truth);
    expect(q.recall).toBeGreaterThanOrEqual(0.95);
    expect(q.precision).toBeGreaterThanOrEqual(0.95);
  });
  it('does not take two companies with a long common prefix for one', () => {
    const m = createContactMatcher([
      {
        id: 'a',
        firstName: 'Amy',
        lastName: 'Campbell',
        email: 'acampbell@brightnova0.com',
        companyName: 'Brightnova Labs',
      },
      {
        id: 'b',
        firstName: 'Amy',
        lastName: 'Campbell',
        email: 'acampbell@brightoak0.com',
        companyName: 'Brightoak Labs',
      },
    ]);
    expect(scoreAll(m).filter((x) => x.score >= LIKELY_DUPLICATE)).toEqual([]);
  });
  it('scores in slices exactly as in one go', () => {
    const { rows } = syntheticContacts({ originals: 500, duplicates: 30, seed: 3 });
    const m = createContactMatcher(rows);
    const half = Math.floor(m.pairCount / 2);
    expect([...m.score(0, half), ...m.score(half, m.pairCount)]).toEqual(m.score(0, m.pairCount));
  });
});
