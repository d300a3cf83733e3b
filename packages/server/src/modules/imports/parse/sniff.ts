import Papa from 'papaparse';

export type Encoding = 'utf-8' | 'utf-16le' | 'windows-1252';
export type Sniffed = { encoding: Encoding; bom: boolean; gzip: boolean };

export const isGzip = (head: Uint8Array) => head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;

/**
 * Reads the first bytes of a (decompressed) file: a BOM decides; otherwise valid UTF-8 is UTF-8 and anything else is
 * Windows-1252 (a superset of Latin-1 for printable text, what Excel writes on Western Windows).
 * Throws a readable message for binary content (NUL bytes or mostly control characters).
 */
export function sniffEncoding(head: Uint8Array): { encoding: Encoding; bom: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  const binaryAt = findBinary(head);
  if (binaryAt !== null) throw new BinaryFileError(binaryAt);
  // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes before the strict check.
  let end = head.length;
  while (end > 0 && head.length - end < 3 && (head[end - 1]! & 0xc0) === 0x80) end--;
  if (end > 0 && head[end - 1]! >= 0xc0) end--;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return { encoding: 'utf-8', bom: false };
  } catch {
    return { encoding: 'windows-1252', bom: false };
  }
}

export class BinaryFileError extends Error {
  constructor(readonly byte: number) {
    super(`This is not a text file (binary content at byte ${byte}): upload a CSV or TSV export`);
  }
}

function findBinary(head: Uint8Array): number | null {
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b === 0) return i;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return head.length > 0 && control / head.length > 0.05 ? 0 : null;
}

export const delimiters = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof delimiters)[number];

/**
 * The delimiter that splits the sample's first lines into the same number (>1) of fields most consistently, quotes
 * respected. Falls back to ',' for one-column files.
 */
export function detectDelimiter(sample: string): Delimiter {
  const lines = sample.slice(0, 64 * 1024);
  let best: { d: Delimiter; score: number } = { d: ',', score: 0 };
  for (const d of delimiters) {
    const res = Papa.parse<string[]>(lines, { delimiter: d, preview: 30 });
    const rows = res.data.filter((r) => r.length > 1 || (r[0] ?? '') !== '');
    if (rows.length === 0) continue;
    const width = rows[0]!.length;
    if (width < 2) continue;
    // The last row of the sample may be cut short; judge on the others when there are any.
    const judged = rows.length > 2 ? rows.slice(0, -1) : rows;
    const consistent = judged.filter((r) => r.length === width).length / judged.length;
    const score = consistent * 10 + Math.min(width, 50) / 50;
    if (score > best.score) best = { d, score };
  }
  return best.d;
}
