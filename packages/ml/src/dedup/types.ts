export type ReasonCode =
  | 'same_external_id'
  | 'same_email'
  | 'same_phone'
  | 'same_email_local'
  | 'similar_name'
  | 'same_company'
  | 'same_domain'
  | 'same_city';

/** Why two records look alike, for people: `detail` says what matched. */
export type DuplicateReason = { code: ReasonCode; detail: string };

/** Two records (`a` < `b` by input order) that are probably one, with a score in [0, 1]. */
export type DuplicateCandidate = { a: string; b: string; score: number; reasons: DuplicateReason[] };

export type MatchOptions = {
  /** Country assumed for phone numbers written without a prefix (ISO 3166-1 alpha-2). */
  defaultCountry?: string;
  /** Pairs scoring below this are not returned (default 0.5: "possible"; 0.7 and above: "likely"). */
  minScore?: number;
  maxBlock?: number;
  window?: number;
};

/** Prepared once, then pairs are scored in slices so a caller can report progress (and yield) between slices. */
export type Matcher = { pairCount: number; score(from: number, to: number): DuplicateCandidate[] };

/** Score from which a pair counts as a likely duplicate (reports, counts, the review list's default). */
export const LIKELY_DUPLICATE = 0.7;

export function scoreAll(m: Matcher): DuplicateCandidate[] {
  return m.score(0, m.pairCount).sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : 1));
}
