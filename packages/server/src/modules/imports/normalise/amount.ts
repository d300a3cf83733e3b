export type AmountResult = { ok: true; value: number; currency: string | null } | { ok: false; reason: string };

const symbols: Record<string, string> = {
  $: 'USD',
  US$: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
  CHF: 'CHF',
  R$: 'BRL',
  A$: 'AUD',
  C$: 'CAD',
  kr: 'SEK',
  zł: 'PLN',
};

/**
 * "$1,234.56", "1.234,56 €", "EUR 1 234,56", "(12.00)", "-3.5", "1'000" → number and currency when one is written.
 * The decimal separator is the last '.' or ',' when followed by 1-2 digits (or 3+ digits and no other separator kind),
 * so "1,234" reads as one thousand two hundred thirty-four, and "1,5" as one and a half.
 */
export function parseAmount(raw: string): AmountResult {
  let s = raw.trim();
  if (!s) return { ok: false, reason: 'empty amount' };
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  let currency: string | null = null;
  const code = /^([A-Z]{3})\s*|\s*([A-Z]{3})$/.exec(s);
  if (code) {
    currency = code[1] ?? code[2]!;
    s = s.replace(code[0], '');
  }
  for (const [sym, cur] of Object.entries(symbols).sort((a, b) => b[0].length - a[0].length)) {
    if (s.startsWith(sym) || s.endsWith(sym) || s.startsWith('-' + sym)) {
      currency ??= cur;
      s = s.replace(sym, '').trim();
      break;
    }
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1).trim();
  } else if (s.endsWith('-')) {
    negative = !negative;
    s = s.slice(0, -1).trim();
  }
  if (s.startsWith('+')) s = s.slice(1);
  s = s.replace(/[\s\u00a0\u202f']/g, '');
  if (!/^(\d+([.,]\d+)*|[.,]\d+)$/.test(s)) return { ok: false, reason: `"${raw.trim()}" is not an amount` };
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let intPart = s;
  let frac = '';
  if (lastDot >= 0 && lastComma >= 0) {
    // Both kinds: the last one written is the decimal separator.
    const sep = Math.max(lastDot, lastComma);
    intPart = s.slice(0, sep);
    frac = s.slice(sep + 1);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sepChar = lastDot >= 0 ? '.' : ',';
    const sep = Math.max(lastDot, lastComma);
    const single = s.indexOf(sepChar) === sep;
    const after = s.slice(sep + 1);
    const before = s.slice(0, sep);
    // One '.' is a decimal point; one ',' before exactly three digits is a thousands separator ("1,234"), else a decimal comma.
    const thousands = !single || (sepChar === ',' && after.length === 3 && before !== '0' && before !== '');
    if (!thousands) {
      intPart = before;
      frac = after;
    }
  }
  const digits = intPart.replace(/[.,]/g, '');
  const value = Number(`${digits || '0'}.${frac || '0'}`);
  if (!Number.isFinite(value)) return { ok: false, reason: `"${raw.trim()}" is not an amount` };
  return { ok: true, value: negative ? -value : value, currency };
}

export type NumberResult = { ok: true; value: number } | { ok: false; reason: string };
export function parseNumber(raw: string): NumberResult {
  const r = parseAmount(raw);
  return r.ok ? { ok: true, value: r.value } : { ok: false, reason: `"${raw.trim()}" is not a number` };
}

const yes = new Set([
  'yes',
  'y',
  'true',
  't',
  '1',
  'x',
  'on',
  'oui',
  'ja',
  'si',
  'sí',
  'subscribed',
  'opted in',
  'granted',
]);
const no = new Set([
  'no',
  'n',
  'false',
  'f',
  '0',
  'off',
  'non',
  'nein',
  'unsubscribed',
  'opted out',
  'denied',
  'cleaned',
]);
export function parseBoolean(raw: string): { ok: true; value: boolean } | { ok: false; reason: string } {
  const k = raw.trim().toLowerCase();
  if (yes.has(k)) return { ok: true, value: true };
  if (no.has(k)) return { ok: true, value: false };
  return { ok: false, reason: `"${raw.trim()}" is not yes/no` };
}
