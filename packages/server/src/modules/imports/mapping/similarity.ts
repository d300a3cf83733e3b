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

const ratio = (a: string, b: string) =>
  a.length + b.length === 0 ? 1 : 1 - distance(a, b) / Math.max(a.length, b.length);

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

/**
 * 0..1: how well a longer header is named by a synonym it contains. English headers put the thing last ("Cell Phone
 * Number", "Primary Email", "Company Legal Name"), so the synonym's words must all be in the header and include its
 * last word; the words around it only qualify (0.83 for a synonym that is a third of the header, up to 1).
 */
const PREPOSITIONS = new Set(['on', 'of', 'per', 'in', 'at', 'for', 'from', 'by', 'to', 'with', 'via']);

export function containedSimilarity(header: string, synonym: string): number {
  const words = headerKey(header).split(' ').filter(Boolean);
  const syn = headerKey(synonym).split(' ').filter(Boolean);
  if (syn.length === 0 || words.length <= syn.length) return 0;
  // After a preposition the last word is not the thing named: "Total Time Spent on Website" is a time.
  if (words.some((w) => PREPOSITIONS.has(w))) return 0;
  if (!syn.includes(words.at(-1)!) || !syn.every((w) => words.includes(w))) return 0;
  return 0.75 + 0.25 * (syn.length / words.length);
}

/** A custom-field key from a header: "How did you hear about X Education" → "how_did_you_hear_about_x_education". */
export const customKey = (h: string) => headerKey(h).replace(/ /g, '_').slice(0, 60) || 'column';
