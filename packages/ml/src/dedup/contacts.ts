import { blockPairs } from './blocking';
import { companyTokens, nameTokens, normalizeEmail, normalizePhone, phoneDigits } from './normalize';
import { personNameSimilarity, sameCompanyKey, soundex } from './similarity';
import type { DuplicateCandidate, DuplicateReason, Matcher, MatchOptions } from './types';

export type ContactInput = {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  externalId?: string | null;
  companyId?: string | null;
  companyName?: string | null;
};

export type PreparedContact = {
  id: string;
  first: string;
  last: string;
  tokens: string[];
  display: string;
  email: string | null;
  /** Local part without dots, dashes or underscores, when long enough and not a role address. */
  local: string | null;
  phone: string | null;
  externalId: string | null;
  companyId: string | null;
  /** Company name tokens without legal forms, joined. */
  companyKey: string;
};

// Shared mailboxes say nothing about who is behind them.
const ROLE_LOCALS = new Set([
  'info',
  'sales',
  'contact',
  'admin',
  'office',
  'hello',
  'support',
  'team',
  'mail',
  'enquiries',
  'inquiries',
  'billing',
  'accounts',
  'noreply',
  'orders',
  'service',
]);

const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'msn.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'proton.me',
  'protonmail.com',
  'yandex.ru',
  'mail.ru',
  'orange.fr',
  'free.fr',
  'libero.it',
  'qq.com',
  '163.com',
]);
const domainOf = (email: string | null) => (email ? email.slice(email.lastIndexOf('@') + 1) : '');

export function prepareContact(c: ContactInput, defaultCountry = 'US'): PreparedContact {
  const first = nameTokens(c.firstName).join('');
  const last = nameTokens(c.lastName).join('');
  const e = normalizeEmail(c.email);
  const local = e ? e.local.replace(/[._-]/g, '') : '';
  const phone =
    normalizePhone(c.phone, defaultCountry) ?? (phoneDigits(c.phone).length >= 7 ? phoneDigits(c.phone) : null);
  return {
    id: c.id,
    first,
    last,
    tokens: nameTokens(c.firstName, c.lastName),
    display: [c.firstName, c.lastName].filter(Boolean).join(' '),
    email: e?.email || null,
    local: local.length >= 4 && !ROLE_LOCALS.has(e?.local ?? '') ? local : null,
    phone,
    externalId: c.externalId?.trim() || null,
    companyId: c.companyId ?? null,
    companyKey: companyTokens(c.companyName).join(''),
  };
}

function blockingKeys(p: PreparedContact): string[] {
  const keys: string[] = [];
  if (p.email) keys.push(`e:${p.email}`);
  if (p.phone) keys.push(`p:${p.phone}`);
  if (p.externalId) keys.push(`x:${p.externalId}`);
  if (p.local) keys.push(`l:${p.local}`);
  if (p.first && p.last) {
    // Order-free, so "Smith John" meets "John Smith". Soundex codes survive most typos after the first letter;
    // the three-letter prefixes catch typos that change a code.
    keys.push(
      `n:${[soundex(p.first), soundex(p.last)].sort().join('')}`,
      `f:${[p.first.slice(0, 3), p.last.slice(0, 3)].sort().join('|')}`,
    );
  } else if (p.tokens[0]) keys.push(`n:${soundex(p.tokens[0])}`);
  // Colleagues: the company with either name's code, so a typo in one name still meets (name + company rule).
  // By name first: one company imported twice ("Acme", "ACME, Inc.") is two ids but one key.
  const company = p.companyKey || p.companyId;
  if (company) for (const t of [p.first, p.last]) if (t) keys.push(`c:${company}|${soundex(t)}`);
  return keys;
}

/** Person names at least this alike count as the same name (a typo, accents, case, order). */
export const NAME_CLOSE = 0.9;
/** Alike enough to be one person when a phone number agrees too. */
export const NAME_PLAUSIBLE = 0.82;

/**
 * The score of one pair: the strongest applicable rule wins (the rules are listed in docs/data-quality.md).
 * Reasons are only spelled out when asked for, since most blocked pairs score too low to be shown.
 */
export function scoreContactPair(
  a: PreparedContact,
  b: PreparedContact,
  minScoreForReasons = 0,
): { score: number; reasons: DuplicateReason[] } {
  const hasNames = a.tokens.length > 0 && b.tokens.length > 0;
  const name = hasNames ? personNameSimilarity(a, b) : null;
  const nameClose = name !== null && name >= NAME_CLOSE;
  const sameExternal = a.externalId !== null && a.externalId === b.externalId;
  const sameEmail = a.email !== null && a.email === b.email;
  const samePhone = a.phone !== null && a.phone === b.phone;
  const sameLocal = a.local !== null && a.local === b.local && !sameEmail;
  const phoneConflict = a.phone !== null && b.phone !== null && !samePhone;
  const emailConflict = a.email !== null && b.email !== null && !sameEmail && a.local !== b.local;
  const sameCompanyId = a.companyId !== null && a.companyId === b.companyId;
  const sameCompany = sameCompanyId || sameCompanyKey(a.companyKey, b.companyKey);

  let score = 0;
  if (sameExternal) score = 1;
  if (sameEmail) score = Math.max(score, nameClose || name === null ? 0.98 : name < 0.6 ? 0.72 : 0.9);
  // A shared line (switchboard, household) with clearly different names is not one person; a typo in a name is.
  if (samePhone) score = Math.max(score, nameClose ? 0.95 : name === null ? 0.8 : name >= NAME_PLAUSIBLE ? 0.85 : 0.45);
  if (sameLocal) {
    // The same local part at two employers' domains is as often two namesakes as one person who moved, and a work
    // and a personal address with the same name is only "possible" until a phone or a company confirms it.
    const personal = FREE_MAIL.has(domainOf(a.email)) || FREE_MAIL.has(domainOf(b.email)) || !a.email || !b.email;
    if (nameClose) score = Math.max(score, sameCompany ? 0.9 : phoneConflict || !personal ? 0.55 : 0.65);
    else if (name === null) score = Math.max(score, 0.55);
  }
  // Two addresses and two phones that all differ say "two people" louder than a shared employer says "one".
  if (nameClose && sameCompany) score = Math.max(score, emailConflict && phoneConflict ? 0.6 : 0.85);
  if (name !== null && name >= 0.95 && score === 0) score = emailConflict || phoneConflict ? 0.3 : 0.5;

  const reasons: DuplicateReason[] = [];
  if (score < minScoreForReasons || score === 0) return { score, reasons };
  if (sameExternal) reasons.push({ code: 'same_external_id', detail: `external id ${a.externalId}` });
  if (sameEmail) reasons.push({ code: 'same_email', detail: a.email! });
  if (samePhone) reasons.push({ code: 'same_phone', detail: a.phone! });
  if (sameLocal) reasons.push({ code: 'same_email_local', detail: `${a.local}@…` });
  if (name !== null && name >= NAME_PLAUSIBLE)
    reasons.push({
      code: 'similar_name',
      detail: `names ${Math.round(name * 100)}% alike (${a.display} / ${b.display})`,
    });
  if (sameCompany)
    reasons.push({ code: 'same_company', detail: sameCompanyId ? 'same linked company' : 'similar company names' });
  return { score, reasons };
}

/** Blocks, then scores candidate pairs in slices. */
export function createContactMatcher(records: readonly ContactInput[], opts: MatchOptions = {}): Matcher {
  const prepared = records.map((r) => prepareContact(r, opts.defaultCountry));
  const pairs = blockPairs(
    prepared.map(blockingKeys),
    prepared.map((p) => `${p.last} ${p.first} ${p.email ?? ''}`),
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
        const { score, reasons } = scoreContactPair(a, b, minScore);
        if (score >= minScore) out.push({ a: a.id, b: b.id, score: Math.round(score * 1000) / 1000, reasons });
      }
      return out;
    },
  };
}
