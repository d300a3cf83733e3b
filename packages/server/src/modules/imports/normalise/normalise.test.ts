import { describe, expect, it } from 'vitest';
import { normaliseEmail, emailFacts } from './email';
import { normalisePhone } from './phone';
import { splitFullName } from './name';
import { normaliseCountry } from './country';
import { parseDate, detectDateOrder } from './date';
import { parseAmount, parseBoolean } from './amount';
import { normaliseDomain, companyNameFromDomain } from './domains';

describe('normaliseEmail', () => {
  it.each([
    [' John.Doe@Example.COM ', 'john.doe@example.com'],
    ['Jane <JANE@acme.io>', 'jane@acme.io'],
    ['mailto:a@b.co', 'a@b.co'],
  ])('%s → %s', (raw, want) => expect(normaliseEmail(raw)).toEqual({ ok: true, value: want }));
  it.each(['bad-email', 'a@b', '@acme.com', 'a b@c.com'])('rejects %s', (raw) =>
    expect(normaliseEmail(raw).ok).toBe(false),
  );
  it('classifies domains and role boxes', () => {
    expect(emailFacts('info@acme.com')).toEqual({ domain: 'acme.com', freeMail: false, role: true, disposable: false });
    expect(emailFacts('bob@gmail.com').freeMail).toBe(true);
    expect(emailFacts('x@mailinator.com').disposable).toBe(true);
  });
});

describe('normalisePhone', () => {
  it.each([
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0044 20 7946 0958', 'US', '+442079460958'],
  ])('%s (%s) → %s', (raw, c, want) => expect(normalisePhone(raw, c)).toEqual({ ok: true, value: want }));
  it.each(['12', 'call me', ''])('rejects %s', (raw) => expect(normalisePhone(raw, 'US').ok).toBe(false));
});

describe('splitFullName', () => {
  it.each([
    ['John Smith', 'John', 'Smith'],
    ['Dr. Jane van der Berg Jr.', 'Jane', 'van der Berg'],
    ['Smith, John', 'John', 'Smith'],
    ['Cher', 'Cher', null],
    ['Mary Ann  Lee', 'Mary Ann', 'Lee'],
  ])('%s', (raw, first, last) => expect(splitFullName(raw)).toEqual({ firstName: first, lastName: last }));
});

describe('normaliseCountry', () => {
  it.each([
    ['United Kingdom', 'GB'],
    ['uk', 'GB'],
    ['EIRE', 'IE'],
    ['USA', 'US'],
    ['Deutschland', 'DE'],
    ['fr', 'FR'],
    ['GBR', 'GB'],
    ['RSA', 'ZA'],
    ['Côte d’Ivoire', 'CI'],
    ['Channel Islands', 'JE'],
    ['Germany', 'DE'],
    ['France', 'FR'],
    ['Russia', 'RU'],
    ['Serbia', 'RS'],
    ['Vietnam', 'VN'],
    ['Curaçao', 'CW'],
    // Aliases and misspellings testers found in real exports.
    ['Korea', 'KR'],
    ['Philipines', 'PH'],
    ['Phillipines', 'PH'],
    ['Untied States', 'US'],
    ['United Kindgom', 'GB'],
    ['Germny', 'DE'],
    ['Brazill', 'BR'],
    ['Austrailia', 'AU'],
    ['U.S.A.', 'US'],
    ['U.K.', 'GB'],
  ])('%s → %s', (raw, want) => expect(normaliseCountry(raw)).toEqual({ ok: true, value: want }));
  it('empty and Unspecified give no country; nonsense is an error', () => {
    expect(normaliseCountry('')).toEqual({ ok: true, value: null });
    expect(normaliseCountry('Unspecified')).toEqual({ ok: true, value: null });
    expect(normaliseCountry('Atlantis').ok).toBe(false);
    // Codes and short words are never guessed at: one letter off a code is another code, or nothing.
    expect(normaliseCountry('XQ').ok).toBe(false);
    expect(normaliseCountry('Mars').ok).toBe(false);
  });
});

describe('parseDate', () => {
  const iso = (r: ReturnType<typeof parseDate>) => (r.ok ? r.value.toISOString() : r);
  it.each([
    ['2024-03-14', undefined, '2024-03-14T00:00:00.000Z'],
    ['2010-12-01 08:26:00', undefined, '2010-12-01T08:26:00.000Z'],
    ['2024-03-14T10:00:00+02:00', undefined, '2024-03-14T08:00:00.000Z'],
    ['03/14/2024', undefined, '2024-03-14T00:00:00.000Z'],
    ['14/03/2024', undefined, '2024-03-14T00:00:00.000Z'],
    ['03/04/2024', 'mdy', '2024-03-04T00:00:00.000Z'],
    ['03/04/2024', 'dmy', '2024-04-03T00:00:00.000Z'],
    ['45000', undefined, '2023-03-15T00:00:00.000Z'],
    ['12 Mar 2024', undefined, '2024-03-12T00:00:00.000Z'],
    ['March 12, 2024', undefined, '2024-03-12T00:00:00.000Z'],
    ['1/2/24 3:05 PM', 'mdy', '2024-01-02T15:05:00.000Z'],
  ] as const)('%s (%s)', (raw, order, want) => expect(iso(parseDate(raw, order))).toBe(want));
  it('reports ambiguity instead of guessing', () => {
    const r = parseDate('03/04/2024');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.ambiguous).toBe(true);
    expect(parseDate('05/05/2024').ok).toBe(true); // same either way
  });
  it.each(['2024-02-30', '13/13/2024', 'soon', '12345'])('rejects %s', (raw) => expect(parseDate(raw).ok).toBe(false));
  it('detects the order a column proves', () => {
    expect(detectDateOrder(['03/04/2024', '25/12/2024'])).toBe('dmy');
    expect(detectDateOrder(['03/04/2024', '12/25/2024'])).toBe('mdy');
    expect(detectDateOrder(['03/04/2024'])).toBe(null);
    expect(detectDateOrder(['25/12/2024', '12/25/2024'])).toBe('conflict');
  });
});

describe('parseAmount', () => {
  it.each([
    ['$1,234.56', 1234.56, 'USD'],
    ['1.234,56 €', 1234.56, 'EUR'],
    ['EUR 1 234,56', 1234.56, 'EUR'],
    ['(12.00)', -12, null],
    ['-3.5', -3.5, null],
    ['1,5', 1.5, null],
    ['1,234', 1234, null],
    ['0.165', 0.165, null],
    ["1'000", 1000, null],
    ['£12', 12, 'GBP'],
    ['1,234,567', 1234567, null],
  ] as const)('%s', (raw, value, currency) => expect(parseAmount(raw)).toEqual({ ok: true, value, currency }));
  it.each(['abc', '1.2.3,4,5x', ''])('rejects %s', (raw) => expect(parseAmount(raw).ok).toBe(false));
  it('reads yes/no', () => {
    expect(parseBoolean('Yes')).toEqual({ ok: true, value: true });
    expect(parseBoolean('0')).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe').ok).toBe(false);
  });
});

describe('normaliseDomain', () => {
  it.each([
    ['https://www.Example.com/about?x=1', 'example.com'],
    ['acme.co.uk', 'acme.co.uk'],
    ['bob@acme.io', 'acme.io'],
    ['http://shop.acme.com:8080', 'shop.acme.com'],
    ['not a site', null],
  ])('%s → %s', (raw, want) => expect(normaliseDomain(raw)).toBe(want));
  it('names a company from its domain', () => expect(companyNameFromDomain('acme-tools.co.uk')).toBe('Acme Tools'));
});
