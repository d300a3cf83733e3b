import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode } from 'libphonenumber-js';

/** Removes accents (é → e, ß stays ß) by decomposing and dropping combining marks. */
export function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Lower-case name tokens without accents or punctuation: "  O'Brien-Smith, José " → ["obrien", "smith", "jose"]. */
export function nameTokens(...parts: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (!p) continue;
    const cleaned = stripAccents(p)
      .toLowerCase()
      .replace(/['’`]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ');
    for (const t of cleaned.split(' ')) if (t) out.push(t);
  }
  return out;
}

// Deliberately simple: one @, a dot in the domain, no spaces. Mail servers accept more, people rarely type more.
const EMAIL_RE = /^[^\s@"<>(),;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/;

export type NormalizedEmail = { email: string; local: string; domain: string; valid: boolean };

/** Trims and case-folds; `local` also drops a +tag, so jane+news@x.com and JANE@x.com share a local part. */
export function normalizeEmail(raw: string | null | undefined): NormalizedEmail | null {
  const email = (raw ?? '').trim().toLowerCase();
  if (!email) return null;
  const at = email.lastIndexOf('@');
  const localRaw = at > 0 ? email.slice(0, at) : email;
  const domain = at > 0 ? email.slice(at + 1) : '';
  const local = localRaw.split('+')[0] ?? localRaw;
  return { email, local, domain, valid: EMAIL_RE.test(email) };
}

export const isValidEmail = (raw: string | null | undefined): boolean => normalizeEmail(raw)?.valid ?? false;

/** E.164 (+14155550134) when the number parses and is possible for its country, else null. */
export function normalizePhone(raw: string | null | undefined, defaultCountry = 'US'): string | null {
  const s = (raw ?? '').trim();
  if (!s || !/\d/.test(s)) return null;
  const country = isSupportedCountry(defaultCountry) ? (defaultCountry as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(s, country ? { defaultCountry: country } : undefined);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** Digits only, for blocking when a number does not parse: "(415) 555-0134" → "4155550134". */
export const phoneDigits = (raw: string | null | undefined): string => (raw ?? '').replace(/\D/g, '');

/** Bare host of a domain or website: "https://www.Acme.com/about" → "acme.com"; null when it does not look like one. */
export function normalizeDomain(raw: string | null | undefined): string | null {
  let s = (raw ?? '').trim().toLowerCase();
  if (!s) return null;
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^[^@/]*@/, '');
  s = s.split(/[/?#:]/)[0] ?? '';
  s = s.replace(/^www\d?\./, '').replace(/\.$/, '');
  return /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(s) ? s : null;
}

/** ISO 3166-1 alpha-2 code for a code or a common name ("usa", "United Kingdom", "de"), or null. */
export function normalizeCountry(raw: string | null | undefined): string | null {
  const s = stripAccents((raw ?? '').trim()).toUpperCase();
  if (!s) return null;
  if (/^[A-Z]{2}$/.test(s)) return isSupportedCountry(s) || s === 'AQ' ? s : null;
  return COUNTRY_NAMES[s.replace(/[^A-Z ]/g, '').replace(/\s+/g, ' ')] ?? null;
}

const COUNTRY_NAMES: Record<string, string> = {
  USA: 'US',
  US: 'US',
  'UNITED STATES': 'US',
  'UNITED STATES OF AMERICA': 'US',
  AMERICA: 'US',
  UK: 'GB',
  'GREAT BRITAIN': 'GB',
  'UNITED KINGDOM': 'GB',
  ENGLAND: 'GB',
  SCOTLAND: 'GB',
  WALES: 'GB',
  GERMANY: 'DE',
  DEUTSCHLAND: 'DE',
  FRANCE: 'FR',
  SPAIN: 'ES',
  ESPANA: 'ES',
  ITALY: 'IT',
  ITALIA: 'IT',
  NETHERLANDS: 'NL',
  'THE NETHERLANDS': 'NL',
  HOLLAND: 'NL',
  BELGIUM: 'BE',
  SWITZERLAND: 'CH',
  AUSTRIA: 'AT',
  IRELAND: 'IE',
  PORTUGAL: 'PT',
  SWEDEN: 'SE',
  NORWAY: 'NO',
  DENMARK: 'DK',
  FINLAND: 'FI',
  POLAND: 'PL',
  CANADA: 'CA',
  MEXICO: 'MX',
  BRAZIL: 'BR',
  ARGENTINA: 'AR',
  AUSTRALIA: 'AU',
  'NEW ZEALAND': 'NZ',
  JAPAN: 'JP',
  CHINA: 'CN',
  INDIA: 'IN',
  SINGAPORE: 'SG',
  'SOUTH AFRICA': 'ZA',
  ISRAEL: 'IL',
  'UNITED ARAB EMIRATES': 'AE',
  UAE: 'AE',
  'SOUTH KOREA': 'KR',
  KOREA: 'KR',
  GREECE: 'GR',
  'CZECH REPUBLIC': 'CZ',
  CZECHIA: 'CZ',
};

// Legal forms and filler words that say nothing about which company it is.
const COMPANY_NOISE = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'co',
  'corp',
  'corporation',
  'company',
  'the',
  'and',
  'group',
  'holding',
  'holdings',
  'pty',
  'kg',
]);

/** Company name tokens without legal forms: "The ACME Co., Inc." → ["acme"]. */
export function companyTokens(name: string | null | undefined): string[] {
  const tokens = nameTokens((name ?? '').replace(/&/g, ' and '));
  const kept = tokens.filter((t) => !COMPANY_NOISE.has(t));
  return kept.length > 0 ? kept : tokens;
}
