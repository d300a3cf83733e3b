import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type PhoneResult = { ok: true; value: string } | { ok: false; reason: string };

/** To E.164, reading numbers without a country prefix in the workspace's default country. */
export function normalisePhone(raw: string, defaultCountry: string): PhoneResult {
  const s = raw.trim();
  if (!s) return { ok: false, reason: 'empty phone' };
  const cleaned = s.replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isPossible())
    return { ok: false, reason: `"${s}" is not a phone number (read with default country ${defaultCountry})` };
  return { ok: true, value: parsed.number };
}
