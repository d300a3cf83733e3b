import validator from 'validator';
import { isDisposableDomain, isFreeMailDomain, isRoleLocalPart } from './domains';

export type EmailResult = { ok: true; value: string } | { ok: false; reason: string };

/** Trims, drops a "Name <addr>" wrapper and mailto:, case-folds, and checks the syntax. */
export function normaliseEmail(raw: string): EmailResult {
  let s = raw.trim();
  const angle = /<([^<>]+)>\s*$/.exec(s);
  if (angle) s = angle[1]!.trim();
  s = s.replace(/^mailto:/i, '').toLowerCase();
  if (!s) return { ok: false, reason: 'empty email' };
  if (!validator.isEmail(s, { allow_utf8_local_part: true, require_tld: true }))
    return { ok: false, reason: `"${raw.trim()}" is not a valid email address` };
  return { ok: true, value: s };
}

export type EmailFacts = { domain: string; freeMail: boolean; role: boolean; disposable: boolean };

/** What an address says about its owner, offline: its domain, whether that is a free-mail or disposable provider, whether it is a role box. */
export function emailFacts(email: string): EmailFacts {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  return {
    domain,
    freeMail: isFreeMailDomain(domain),
    role: isRoleLocalPart(local),
    disposable: isDisposableDomain(domain),
  };
}
