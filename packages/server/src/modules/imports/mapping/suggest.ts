import { fieldsByType, fieldOf, supportsCustomFields, type ImportType } from './fields';
import { presetByName, detectPreset, type Target } from './presets';
import { containedSimilarity, customKey, headerSimilarity } from './similarity';

export type ColumnMapping = { column: string; target: Target; confidence: number; reason: string };

/** Below this similarity a header is not taken for a field: it becomes a custom field (or is skipped for orders). */
export const FIELD_THRESHOLD = 0.8;

/** Best field for one header by similarity to the field's label and synonyms. */
export function bestField(type: ImportType, header: string): { key: string; score: number } | null {
  let best: { key: string; score: number } | null = null;
  for (const field of fieldsByType[type]) {
    for (const syn of field.synonyms) {
      const score = Math.max(headerSimilarity(header, syn), containedSimilarity(header, syn));
      if (!best || score > best.score) best = { key: field.key, score };
    }
  }
  return best;
}

/**
 * Proposes a target for every column: the preset's own column names first, then header similarity. A field is taken
 * by one column only (the most similar); the others fall back to custom fields, so nothing is silently overwritten.
 */
export function suggestMapping(
  type: ImportType,
  headers: string[],
  presetName?: string | null,
): { preset: string; columns: ColumnMapping[] } {
  const preset =
    presetName && presetName !== 'generic'
      ? presetByName(presetName)
      : presetName === 'generic'
        ? null
        : detectPreset(headers, type);
  const out: ColumnMapping[] = headers.map((h) => {
    const fromPreset = preset?.columns[h.trim()];
    if (fromPreset) return { column: h, target: fromPreset, confidence: 1, reason: `${preset!.label} column` };
    const best = bestField(type, h);
    if (best && best.score >= FIELD_THRESHOLD) {
      return {
        column: h,
        target: best.key,
        confidence: round(best.score),
        reason: `header is ${Math.round(best.score * 100)}% similar to "${fieldOf(type, best.key)!.label}"`,
      };
    }
    return fallback(type, h, best?.score ?? 0);
  });
  // One column per field: keep the most confident, demote the rest.
  const taken = new Map<string, number>();
  out.forEach((m, i) => {
    if (m.target.startsWith('custom:') || m.target === 'skip') return;
    const prev = taken.get(m.target);
    if (prev === undefined) return void taken.set(m.target, i);
    const loser = out[prev]!.confidence >= m.confidence ? i : prev;
    if (loser === prev) taken.set(m.target, i);
    out[loser] = {
      ...fallback(type, out[loser]!.column, out[loser]!.confidence),
      reason: `another column already maps to "${fieldOf(type, m.target)?.label ?? m.target}"`,
    };
  });
  // A preset that maps nothing differently from the generic match (only common headers like "Email") is not claimed.
  if (preset && !presetName) {
    const generic = suggestMapping(type, headers, 'generic').columns;
    if (generic.every((g, i) => g.target === out[i]!.target)) return { preset: 'generic', columns: generic };
  }
  return { preset: preset?.name ?? 'generic', columns: out };
}

export function fallback(type: ImportType, header: string, score: number): ColumnMapping {
  if (!headerKeyOk(header)) return { column: header, target: 'skip', confidence: 1, reason: 'empty header' };
  if (!supportsCustomFields(type))
    return {
      column: header,
      target: 'skip',
      confidence: round(1 - score),
      reason: 'no matching field (orders have no custom fields)',
    };
  return {
    column: header,
    target: `custom:${customKey(header)}`,
    confidence: round(1 - score),
    reason: 'no matching field: kept as a custom field',
  };
}

const headerKeyOk = (h: string) => h.trim().length > 0;
const round = (x: number) => Math.round(x * 100) / 100;

/**
 * A user's mapping names only the columns it wants changed: the rest keep their current (automatic) target. A field
 * the user gives to a column is taken from the column that had it automatically (which falls back to a custom field).
 */
export function overrideMapping(
  type: ImportType,
  current: ColumnMapping[],
  named: { column: string; target: string }[],
): ColumnMapping[] {
  const byColumn = new Map(named.map((m) => [m.column, m.target]));
  const claimed = new Set(named.map((m) => m.target).filter((t) => t !== 'skip' && !t.startsWith('custom:')));
  return current.map((m) => {
    const wanted = byColumn.get(m.column);
    if (wanted !== undefined)
      return wanted === m.target ? m : { column: m.column, target: wanted, confidence: 1, reason: 'set by hand' };
    if (claimed.has(m.target))
      return {
        ...fallback(type, m.column, m.confidence),
        reason: `"${fieldOf(type, m.target)?.label ?? m.target}" was given to another column by hand`,
      };
    return m;
  });
}
