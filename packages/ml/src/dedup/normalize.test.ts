import { describe, expect, it } from 'vitest';
import {
  companyTokens,
  nameTokens,
  normalizeCountry,
  normalizeDomain,
  normalizeEmail,
  normalizePhone,
  stripAccents,
} from './normalize';

describe('normalizeEmail', () => {
  it.each([
    {
      raw: '  Jane.Doe@Example.COM ',
      email: 'jane.doe@example.com',
      local: 'jane.doe',
      domain: 'example.com',
      valid: true,
    },
    { raw: 'jane+news@example.com', email: 'jane+news@example.com', local: 'jane', domain: 'example.com', valid: true },
    {
      raw: 'no-at-sign.example.com',
      email: 'no-at-sign.example.com',
      local: 'no-at-sign.example.com',
      domain: '',
      valid: false,
    },
    { raw: 'a@b', email: 'a@b', local: 'a', domain: 'b', valid: false },
    {
      raw: 'two words@example.com',
      email: 'two words@example.com',
      local: 'two words',
      domain: 'example.com',
      valid: false,
    },
    { raw: 'x@sub.example.co.uk', email: 'x@sub.example.co.uk', local: 'x', domain: 'sub.example.co.uk', valid: true },
  ])('$raw', ({ raw, ...expected }) => {
    expect(normalizeEmail(raw)).toEqual(expected);
  });
  it.each([null, undefined, '', '   '])('empty %s is null', (raw) => expect(normalizeEmail(raw)).toBeNull());
});

describe('normalizePhone', () => {
  it.each([
    { raw: '(415) 555-0134', country: 'US', e164: '+14155550134' },
    { raw: '415.555.0134', country: 'US', e164: '+14155550134' },
    { raw: '+1 415 555 0134', country: 'GB', e164: '+14155550134' },
    { raw: '020 7946 0018', country: 'GB', e164: '+442079460018' },
    { raw: '030 123456', country: 'DE', e164: '+4930123456' },
    { raw: '12', country: 'US', e164: null },
    { raw: 'call me', country: 'US', e164: null },
    { raw: '', country: 'US', e164: null },
    { raw: '4155550134', country: 'XX', e164: null },
  ])('$raw in $country', ({ raw, country, e164 }) => {
    expect(normalizePhone(raw, country)).toBe(e164);
  });
});

describe('nameTokens', () => {
  it.each([
    { parts: ['  José ', 'García-Márquez'], tokens: ['jose', 'garcia', 'marquez'] },
    { parts: ["O'Brien", null], tokens: ['obrien'] },
    { parts: ['JEAN-LUC', 'Picard,'], tokens: ['jean', 'luc', 'picard'] },
    { parts: ['Zoë', 'Søndergaard'], tokens: ['zoe', 'søndergaard'] },
    { parts: [undefined, ''], tokens: [] },
  ])('$parts', ({ parts, tokens }) => {
    expect(nameTokens(...parts)).toEqual(tokens);
  });
  it('stripAccents keeps letters without a decomposition', () => expect(stripAccents('Łódź Ñandú')).toBe('Łodz Nandu'));
});

describe('normalizeDomain', () => {
  it.each([
    { raw: 'https://www.Acme.com/about?x=1', domain: 'acme.com' },
    { raw: 'acme.co.uk.', domain: 'acme.co.uk' },
    { raw: 'sales@acme.io', domain: 'acme.io' },
    { raw: 'http://shop.acme.com:8080', domain: 'shop.acme.com' },
    { raw: 'not a domain', domain: null },
    { raw: 'localhost', domain: null },
    { raw: '', domain: null },
  ])('$raw', ({ raw, domain }) => expect(normalizeDomain(raw)).toBe(domain));
});

describe('normalizeCountry', () => {
  it.each([
    { raw: 'us', code: 'US' },
    { raw: 'GB', code: 'GB' },
    { raw: 'United Kingdom', code: 'GB' },
    { raw: 'españa', code: 'ES' },
    { raw: 'U.S.A.', code: 'US' },
    { raw: 'ZZ', code: null },
    { raw: 'Atlantis', code: null },
  ])('$raw', ({ raw, code }) => expect(normalizeCountry(raw)).toBe(code));
});

describe('companyTokens', () => {
  it.each([
    { name: 'The ACME Co., Inc.', tokens: ['acme'] },
    { name: 'Müller & Söhne GmbH', tokens: ['muller', 'sohne'] },
    { name: 'Group Inc', tokens: ['group', 'inc'] },
  ])('$name', ({ name, tokens }) => expect(companyTokens(name)).toEqual(tokens));
});
