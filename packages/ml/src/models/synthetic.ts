import { createRng } from './random';
import type { RawRow } from './table';

/**
 * Synthetic lead tables with a known answer, for tests and examples: the outcome depends on a numeric
 * engagement signal, a categorical source and noise; `extra` adds columns of the caller's choosing.
 */
export function syntheticLeads(
  n: number,
  seed: number,
  extra: (i: number, rnd: () => number) => RawRow = () => ({}),
): RawRow[] {
  const rnd = createRng(seed);
  const sources = ['web', 'referral', 'event', 'cold'];
  const lift: Record<string, number> = { web: 0, referral: 1.5, event: 0.5, cold: -1 };
  return Array.from({ length: n }, (_, i) => {
    const visits = Math.floor(rnd() * 20);
    const source = sources[Math.floor(rnd() * sources.length)]!;
    const size = Math.round(10 ** (1 + rnd() * 3));
    const z = -2 + 0.15 * visits + lift[source]! + 0.3 * Math.log10(size) + (rnd() - 0.5);
    const won = rnd() < 1 / (1 + Math.exp(-z));
    return { visits, source, company_size: size, created: i, won: won ? 'yes' : 'no', ...extra(i, rnd) };
  });
}
