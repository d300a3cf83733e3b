import { describe, expect, it } from 'vitest';
import {
  componentWeights,
  evaluateChecks,
  fixPoints,
  scoreChecks,
  topFixes,
  type Check,
  type ContactQualityRow,
  type QualityInput,
} from './report';

const check = (id: string, component: Check['component'], ok: number, total = 100): Check => ({
  id,
  component,
  entity: 'contacts',
  field: id,
  label: id,
  total,
  affected: Math.round((1 - ok) * total),
  ok,
});

describe('score formula', () => {
  it.each([
    {
      name: 'all components perfect',
      checks: [
        check('a', 'completeness', 1),
        check('b', 'validity', 1),
        check('c', 'duplicates', 1),
        check('d', 'freshness', 1),
        check('e', 'consent', 1),
      ],
      score: 100,
    },
    {
      name: 'weights 30/25/15/15/15',
      checks: [
        check('a', 'completeness', 0),
        check('b', 'validity', 1),
        check('c', 'duplicates', 1),
        check('d', 'freshness', 1),
        check('e', 'consent', 1),
      ],
      score: 70,
    },
    {
      name: 'mean within a component',
      checks: [
        check('a', 'completeness', 0.5),
        check('a2', 'completeness', 1),
        check('b', 'validity', 1),
        check('c', 'duplicates', 1),
        check('d', 'freshness', 1),
        check('e', 'consent', 1),
      ],
      score: 93,
    },
    {
      name: 'renormalised without duplicates and consent',
      checks: [check('a', 'completeness', 0), check('b', 'validity', 1), check('d', 'freshness', 1)],
      score: 57,
    },
    { name: 'nothing to check', checks: [], score: null },
  ])('$name → $score', ({ checks, score }) => {
    expect(scoreChecks(checks).score).toBe(score);
  });

  it('renormalises weights to 100', () => {
    const w = componentWeights([check('a', 'completeness', 1), check('b', 'validity', 1)]);
    expect(w.completeness + w.validity).toBeCloseTo(100, 6);
    expect(w.duplicates).toBe(0);
  });

  it('fix points: weight × failing share ÷ checks in the component, and fixing it adds exactly that', () => {
    const checks = [
      check('a', 'completeness', 0.4),
      check('a2', 'completeness', 1),
      check('b', 'validity', 1),
      check('c', 'duplicates', 1),
      check('d', 'freshness', 1),
      check('e', 'consent', 0.9),
    ];
    expect(fixPoints(checks[0]!, checks)).toBe(9); // 30 × 0.6 ÷ 2
    const fixed = checks.map((c) => (c.id === 'a' ? { ...c, ok: 1, affected: 0 } : c));
    const exact = (cs: Check[]) => scoreChecks(cs).parts.reduce((s, p) => s + p.points, 0);
    expect(exact(fixed) - exact(checks)).toBeCloseTo(9, 1);
  });

  it('top fixes: at most three, biggest first, only failing checks, with links', () => {
    const checks = [
      check('a', 'completeness', 0.9),
      check('b', 'validity', 0.5),
      check('c', 'duplicates', 1),
      check('d', 'freshness', 0.8),
      check('e', 'consent', 0.2),
    ];
    const fixes = topFixes(checks);
    // b: 25 × 0.5 = 12.5; e: 15 × 0.8 = 12; a: 30 × 0.1 = 3 ties d: 15 × 0.2 = 3 (by id)
    expect(fixes.map((f) => f.checkId)).toEqual(['b', 'e', 'a']);
    expect(fixes[1]).toMatchObject({ points: 12, link: '/data-quality?issue=e', api: '/api/v1/data-quality/issues/e' });
  });
});

describe('evaluateChecks', () => {
  const row = (over: Partial<ContactQualityRow>): ContactQualityRow => ({
    id: 'x',
    first_name: 'A',
    last_name: 'B',
    email: 'a@b.co',
    phone: '+14155550134',
    country: 'US',
    company_id: 'co',
    owner_id: 'u',
    consent_marketing_email: 'granted',
    created_at: '2026-01-01T00:00:00Z',
    last_activity: '2026-05-01T00:00:00Z',
    ...over,
  });
  const input = (contacts: ContactQualityRow[]): QualityInput => ({
    contacts,
    companies: [],
    defaultCountry: 'US',
    staleMonths: 6,
    now: new Date('2026-06-01T00:00:00Z'),
    duplicates: { contacts: new Set(['3']), companies: null },
  });

  it('flags the right records per check', () => {
    const { checks, affected } = evaluateChecks(
      input([
        row({ id: '1' }),
        row({ id: '2', email: 'not an email', phone: '12', country: 'Atlantis', consent_marketing_email: 'unknown' }),
        row({
          id: '3',
          email: null,
          phone: null,
          country: null,
          last_activity: null,
          created_at: '2025-01-01T00:00:00Z',
        }),
        row({ id: '4', last_activity: '2025-10-01T00:00:00Z', created_at: '2025-01-01T00:00:00Z' }),
      ]),
    );
    expect(affected.get('contacts.email.invalid')).toEqual(['2']);
    expect(affected.get('contacts.phone.invalid')).toEqual(['2']);
    expect(affected.get('contacts.country.invalid')).toEqual(['2']);
    expect(affected.get('contacts.email.missing')).toEqual(['3']);
    expect(affected.get('contacts.consent.unknown')).toEqual(['2']);
    expect(affected.get('contacts.duplicates')).toEqual(['3']);
    // stale: created before the cutoff (2025-12-01) and no activity since
    expect(affected.get('contacts.stale')).toEqual(['3', '4']);
    expect(checks.find((c) => c.id === 'contacts.stale')).toMatchObject({ total: 2, affected: 2, ok: 0 });
    expect(checks.find((c) => c.id === 'contacts.email.invalid')).toMatchObject({ total: 3 }); // only those with a value
    expect(checks.some((c) => c.entity === 'companies')).toBe(false);
  });
});
