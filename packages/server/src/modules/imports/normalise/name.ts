const prefixes = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'sir',
  'madam',
  'herr',
  'frau',
  'mme',
  'mlle',
  'm',
]);
const suffixes = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'mba']);
const particles = new Set([
  'van',
  'von',
  'de',
  'del',
  'della',
  'der',
  'den',
  'da',
  'di',
  'du',
  'la',
  'le',
  'st',
  'bin',
  'ibn',
  'al',
]);

const bare = (w: string) => w.toLowerCase().replace(/[.,]/g, '');

/**
 * "Dr. Jane van der Berg Jr." → Jane / van der Berg; "Berg, Jane" → Jane / Berg. Middle names stay with the first name,
 * name particles with the last name; a single word is a first name.
 */
export function splitFullName(raw: string): { firstName: string | null; lastName: string | null } {
  const s = raw.trim().replace(/\s+/g, ' ');
  if (!s) return { firstName: null, lastName: null };
  const comma = s.indexOf(',');
  if (comma > 0 && !suffixes.has(bare(s.slice(comma + 1).trim()))) {
    const last = s.slice(0, comma).trim();
    const first = s.slice(comma + 1).trim();
    return { firstName: first || null, lastName: last || null };
  }
  const words = s.split(' ').filter((w) => w !== ',');
  while (words.length > 1 && prefixes.has(bare(words[0]!))) words.shift();
  while (words.length > 1 && suffixes.has(bare(words.at(-1)!))) words.pop();
  const cleaned = words.map((w) => w.replace(/,$/, ''));
  if (cleaned.length === 1) return { firstName: cleaned[0]!, lastName: null };
  let lastStart = cleaned.length - 1;
  while (lastStart > 1 && particles.has(bare(cleaned[lastStart - 1]!))) lastStart--;
  return { firstName: cleaned.slice(0, lastStart).join(' '), lastName: cleaned.slice(lastStart).join(' ') };
}
