import { blockPairs } from './blocking';
import { companyTokens, normalizeDomain, normalizePhone, nameTokens } from './normalize';
import { sameCompanyKey, soundex, tokenSetSimilarity } from './similarity';
import type { DuplicateCandidate, DuplicateReason, Matcher, MatchOptions } from './types';

export type CompanyInput = {
  id: string;
  name?: string | null;
  domain?: string | null;
  phone?: string | null;
  externalId?: string | null;
  city?: string | null;
};

export type PreparedCompany = {
  id: string;
  name: string;
  tokens: string[];
  key: string;
  domain: string | null;
  phone: string | null;
  externalId: string | null;
  city: string;
};

// Free-mail and hosting domains are shared by unrelated businesses.
const SHARED_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'proton.me',
  'protonmail.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  'wixsite.com',
  'squarespace.com',
  'myshopify.com',
  'facebook.com',
  'linkedin.com',
]);

export function prepareCompany(c: CompanyInput, defaultCountry = 'US'): PreparedCompany {
  const tokens = companyTokens(c.name);
  const domain = normalizeDomain(c.domain);
  return {
    id: c.id,
    name: c.name ?? '',
    tokens,
    key: tokens.join(''),
    domain: domain && !SHARED_DOMAINS.has(domain) ? domain : null,
    phone: normalizePhone(c.phone, defaultCountry),
    externalId: c.externalId?.trim() || null,
    city: nameTokens(c.city).join(' '),
  };
}

function blockingKeys(p: PreparedCompany): string[] {
  const keys: string[] = [];
  if (p.domain) keys.push(`d:${p.domain}`);
  if (p.phone) keys.push(`p:${p.phone}`);
  if (p.externalId) keys.push(`x:${p.externalId}`);
  if (p.key) keys.push(`k:${p.key.slice(0, 5)}`);
  if (p.tokens[0]) keys.push(`s:${soundex(p.tokens[0])}${p.tokens[1]?.[0] ?? ''}`);
  return keys;
}

export function scoreCompanyPair(
  a: PreparedCompany,
  b: PreparedCompany,
): { score: number; reasons: DuplicateReason[] } {
  const reasons: DuplicateReason[] = [];
  let score = 0;
  const name = a.key && b.key ? (a.key === b.key ? 1 : tokenSetSimilarity(a.tokens, b.tokens)) : null;
  if (name !== null && name >= 0.9)
    reasons.push({ code: 'similar_name', detail: `names ${Math.round(name * 100)}% alike (${a.name} / ${b.name})` });
  if (a.externalId && a.externalId === b.externalId) {
    reasons.push({ code: 'same_external_id', detail: `external id ${a.externalId}` });
    score = 1;
  }
  const domainConflict = a.domain !== null && b.domain !== null && a.domain !== b.domain;
  if (a.domain && a.domain === b.domain) {
    reasons.push({ code: 'same_domain', detail: a.domain });
    score = Math.max(score, name === null || name >= 0.8 ? 0.97 : name < 0.5 ? 0.72 : 0.85);
  }
  if (a.phone && a.phone === b.phone) {
    reasons.push({ code: 'same_phone', detail: a.phone });
    if (name !== null && name >= 0.8) score = Math.max(score, 0.9);
  }
  const sameCity = a.city !== '' && a.city === b.city;
  if (sameCity && name !== null && name >= 0.9) reasons.push({ code: 'same_city', detail: a.city });
  if (name === 1) score = Math.max(score, domainConflict ? 0.6 : 0.9);
  else if (name !== null && name >= 0.93 && sameCompanyKey(a.key, b.key))
    score = Math.max(score, domainConflict ? 0.5 : sameCity ? 0.85 : 0.75);
  return { score, reasons };
}

export function createCompanyMatcher(records: readonly CompanyInput[], opts: MatchOptions = {}): Matcher {
  const prepared = records.map((r) => prepareCompany(r, opts.defaultCountry));
  const pairs = blockPairs(
    prepared.map(blockingKeys),
    prepared.map((p) => `${p.key} ${p.domain ?? ''}`),
    opts,
  );
  const minScore = opts.minScore ?? 0.5;
  return {
    pairCount: pairs.length,
    score(from, to) {
      const out: DuplicateCandidate[] = [];
      for (let k = from; k < Math.min(to, pairs.length); k++) {
        const a = prepared[pairs.left[k]!]!;
        const b = prepared[pairs.right[k]!]!;
        const { score, reasons } = scoreCompanyPair(a, b);
        if (score >= minScore) out.push({ a: a.id, b: b.id, score: Math.round(score * 1000) / 1000, reasons });
      }
      return out;
    },
  };
}
