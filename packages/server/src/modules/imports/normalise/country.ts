import { distance } from 'fastest-levenshtein';

/** Country names, alpha-3 codes and common aliases to ISO 3166-1 alpha-2, built from the runtime's own region names. */
const key = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');

const aliases: Record<string, string> = {
  usa: 'US',
  unitedstatesofamerica: 'US',
  america: 'US',
  us: 'US',
  uk: 'GB',
  greatbritain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  northernireland: 'GB',
  britain: 'GB',
  eire: 'IE',
  holland: 'NL',
  thenetherlands: 'NL',
  deutschland: 'DE',
  espana: 'ES',
  russianfederation: 'RU',
  southkorea: 'KR',
  korearepublicof: 'KR',
  republicofkorea: 'KR',
  northkorea: 'KP',
  uae: 'AE',
  czechia: 'CZ',
  czechrepublic: 'CZ',
  ivorycoast: 'CI',
  vietnam: 'VN',
  macau: 'MO',
  burma: 'MM',
  swaziland: 'SZ',
  capeverde: 'CV',
  eu: 'EU',
  europeancommunity: 'EU',
  rsa: 'ZA',
  channelislands: 'JE',
  turkiye: 'TR',
  brasil: 'BR',
  mexique: 'MX',
  italia: 'IT',
  schweiz: 'CH',
  suisse: 'CH',
  osterreich: 'AT',
  belgique: 'BE',
  belgie: 'BE',
  danmark: 'DK',
  sverige: 'SE',
  norge: 'NO',
  suomi: 'FI',
  polska: 'PL',
  nippon: 'JP',
  hongkongsar: 'HK',
  unspecified: '',
  korea: 'KR',
  southkorearepublicof: 'KR',
  unitedstatesamerica: 'US',
  greatbritainandnorthernireland: 'GB',
  unitedkingdomofgreatbritain: 'GB',
  prc: 'CN',
  peoplesrepublicofchina: 'CN',
  mainlandchina: 'CN',
  taiwanroc: 'TW',
  russianfed: 'RU',
  unitedarabemirates: 'AE',
  kingdomofsaudiarabia: 'SA',
  ksa: 'SA',
  holysee: 'VA',
  vaticancity: 'VA',
  laos: 'LA',
  syria: 'SY',
  iran: 'IR',
  bolivia: 'BO',
  venezuela: 'VE',
  tanzania: 'TZ',
  moldova: 'MD',
  drc: 'CD',
  drcongo: 'CD',
  congokinshasa: 'CD',
  congobrazzaville: 'CG',
  usvirginislands: 'VI',
};

// ISO 3166-1 alpha-3 for the codes people type most; the rest are rare in sales exports.
const alpha3: Record<string, string> = {
  usa: 'US',
  gbr: 'GB',
  deu: 'DE',
  fra: 'FR',
  esp: 'ES',
  ita: 'IT',
  nld: 'NL',
  bel: 'BE',
  che: 'CH',
  aut: 'AT',
  swe: 'SE',
  nor: 'NO',
  dnk: 'DK',
  fin: 'FI',
  irl: 'IE',
  prt: 'PT',
  pol: 'PL',
  cze: 'CZ',
  can: 'CA',
  mex: 'MX',
  bra: 'BR',
  arg: 'AR',
  aus: 'AU',
  nzl: 'NZ',
  jpn: 'JP',
  chn: 'CN',
  ind: 'IN',
  sgp: 'SG',
  zaf: 'ZA',
  are: 'AE',
  isr: 'IL',
  tur: 'TR',
  rus: 'RU',
  kor: 'KR',
  grc: 'GR',
  hkg: 'HK',
};

// Withdrawn or reserved codes the runtime still names like their successors (DD "Germany", SU "Russia", …).
const withdrawn = new Set([
  'AN',
  'HV',
  'DY',
  'BU',
  'ZR',
  'CS',
  'YU',
  'DD',
  'FX',
  'UK',
  'NH',
  'RH',
  'SU',
  'TP',
  'VD',
  'YD',
]);

let table: Map<string, string> | null = null;
function names(): Map<string, string> {
  if (table) return table;
  table = new Map();
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a < 91; a++) {
    for (let b = 65; b < 91; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        name = undefined;
      }
      if (!name || name === code || withdrawn.has(code)) continue;
      // First code wins for a shared name (GB before the reserved UK).
      const simple = name.replace(/\s*\(.*\)$/, '').replace(/ SAR China$/, '');
      for (const k of [key(name), key(code), key(simple)]) if (!table.has(k)) table.set(k, code);
    }
  }
  for (const [k, v] of Object.entries(alpha3)) table.set(k, v);
  for (const [k, v] of Object.entries(aliases)) table.set(key(k), v);
  return table;
}

export type CountryResult = { ok: true; value: string | null } | { ok: false; reason: string };

/** "United Kingdom", "uk", "GBR", "gb" → "GB". Known non-countries ("Unspecified") become empty, not an error. */
export function normaliseCountry(raw: string): CountryResult {
  const k = key(raw);
  if (!k) return { ok: true, value: null };
  const code = names().get(k) ?? closestName(k);
  if (code === undefined) return { ok: false, reason: `"${raw.trim()}" is not a country name or ISO code` };
  return { ok: true, value: code || null };
}

/**
 * Misspellings ("Philipines", "Untied States"): the one known name within one edit (two for names of 9+ letters).
 * Short keys (codes, 4 letters or fewer) are never guessed: "ca" is Canada, "cx" is not a typo of it. Two candidates at
 * the same distance, naming different countries, are not guessed either.
 */
const fuzzyCache = new Map<string, string | undefined>();
function closestName(k: string): string | undefined {
  if (k.length < 5) return undefined;
  if (fuzzyCache.has(k)) return fuzzyCache.get(k);
  const limit = k.length >= 9 ? 2 : 1;
  let best: { d: number; codes: Set<string> } = { d: limit + 1, codes: new Set() };
  for (const [name, code] of names()) {
    if (name.length < 5 || Math.abs(name.length - k.length) > limit || !code) continue;
    const d = distance(k, name);
    if (d < best.d) best = { d, codes: new Set([code]) };
    else if (d === best.d) best.codes.add(code);
  }
  const found = best.d <= limit && best.codes.size === 1 ? [...best.codes][0] : undefined;
  if (fuzzyCache.size < 10_000) fuzzyCache.set(k, found);
  return found;
}
