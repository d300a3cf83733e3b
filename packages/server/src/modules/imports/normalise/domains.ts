/**
 * Embedded lists (no maintained npm list is installed offline, so these are small and hand-kept):
 * the largest free-mail providers, common role mailboxes and well-known disposable-address services.
 */
const freeMail = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'yahoo.de',
  'yahoo.es',
  'yahoo.it',
  'ymail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'hotmail.de',
  'hotmail.it',
  'hotmail.es',
  'outlook.com',
  'outlook.fr',
  'live.com',
  'live.co.uk',
  'live.fr',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'protonmail.com',
  'proton.me',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'free.fr',
  'orange.fr',
  'laposte.net',
  'wanadoo.fr',
  'sfr.fr',
  't-online.de',
  'libero.it',
  'virgilio.it',
  'btinternet.com',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'rediffmail.com',
  'fastmail.com',
  'tutanota.com',
  'hey.com',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'naver.com',
  'daum.net',
]);

const roleLocalParts = new Set([
  'info',
  'sales',
  'support',
  'contact',
  'hello',
  'admin',
  'office',
  'team',
  'help',
  'billing',
  'accounts',
  'accounting',
  'marketing',
  'enquiries',
  'enquiry',
  'inquiries',
  'hr',
  'jobs',
  'careers',
  'press',
  'media',
  'noreply',
  'no-reply',
  'webmaster',
  'postmaster',
  'service',
  'customerservice',
  'orders',
  'shop',
  'mail',
  'reception',
  'finance',
  'legal',
  'privacy',
  'security',
  'abuse',
  'it',
]);

const disposable = new Set([
  'mailinator.com',
  'guerrillamail.com',
  'guerrillamail.net',
  'sharklasers.com',
  '10minutemail.com',
  'tempmail.com',
  'temp-mail.org',
  'yopmail.com',
  'yopmail.fr',
  'trashmail.com',
  'getnada.com',
  'dispostable.com',
  'maildrop.cc',
  'throwawaymail.com',
  'fakeinbox.com',
  'mintemail.com',
  'mohmal.com',
  'emailondeck.com',
  'spamgourmet.com',
  'mailnesia.com',
  'tempr.email',
  'discard.email',
  'burnermail.io',
  'moakt.com',
  'mytemp.email',
  'tempail.com',
  'spambox.us',
  'mailcatch.com',
  'inboxkitten.com',
  'harakirimail.com',
]);

export const isFreeMailDomain = (domain: string) => freeMail.has(domain.toLowerCase());
export const isDisposableDomain = (domain: string) => disposable.has(domain.toLowerCase());
export const isRoleLocalPart = (local: string) => roleLocalParts.has(local.toLowerCase().replace(/[._]/g, ''));

/** "https://www.Example.com/about?x" → "example.com"; null when it does not look like a host name. */
export function normaliseDomain(raw: string): string | null {
  let s = raw.trim().toLowerCase();
  if (!s) return null;
  if (s.includes('@')) s = s.slice(s.lastIndexOf('@') + 1);
  s = s
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/^www\d?\./, '')
    .replace(/\.$/, '');
  if (!/^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(s)) return null;
  return s;
}

/** A readable company name from a domain: "acme-tools.co.uk" → "Acme Tools". */
export function companyNameFromDomain(domain: string): string {
  const label = domain.split('.')[0] ?? domain;
  return (
    label
      .split(/[-_]/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(' ') || domain
  );
}
