import { distance } from 'fastest-levenshtein';

/** "Country/Region", "country_region", "CountryRegion" → "country region". */
export function headerKey(h: string): string {
  return h
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const ratio = (a: string, b: string) => (a.length + b.length === 0 ? 1 : 1 - distance(a, b) / Math.max(a.length, b.length));

/** 0..1: edit-distance similarity of the whole keys and of their word sets, whichever is higher. */
export function headerSimilarity(a: string, b: string): number {
  const ka = headerKey(a);
  const kb = headerKey(b);
  if (ka === kb) return 1;
  const whole = ratio(ka.replace(/ /g, ''), kb.replace(/ /g, ''));
  const wa = ka.split(' ');
  const wb = kb.split(' ');
  const sorted = ratio([...wa].sort().join(' '), [...wb].sort().join(' '));
  return Math.max(whole, sorted);
}

/** A custom-field key from a header: "How did you hear about X Education" → "how_did_you_hear_about_x_education". */
export const customKey = (h: string) => headerKey(h).replace(/ /g, '_').slice(0, 60) || 'column';
