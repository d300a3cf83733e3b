import { isValidEmail, normalizeCountry, normalizeDomain, normalizePhone } from '@pipewise/ml/dedup/index';

export type ContactQualityRow = {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  company_id: string | null;
  owner_id: string | null;
  consent_marketing_email: string;
  created_at: string | Date;
  last_activity: string | Date | null;
};
export type CompanyQualityRow = {
  id: string;
  name: string;
  domain: string | null;
  industry: string | null;
  country: string | null;
  phone: string | null;
};

export const components = { completeness: 30, validity: 25, duplicates: 15, freshness: 15, consent: 15 } as const;
export type Component = keyof typeof components;

export type Check = {
  id: string;
  component: Component;
  entity: 'contacts' | 'companies';
  field: string;
  label: string;
  /** Records the check looks at (for validity: those with a value). */
  total: number;
  affected: number;
  /** Share of `total` that passes, 0..1. */
  ok: number;
};

export type Fix = {
  checkId: string;
  title: string;
  points: number;
  affected: number;
  entity: 'contacts' | 'companies';
  link: string;
  api: string;
};

export type QualityInput = {
  contacts: ContactQualityRow[];
  companies: CompanyQualityRow[];
  defaultCountry: string;
  staleMonths: number;
  now: Date;
  /** Records in likely duplicate pairs per type, or null when that type has not been scanned. */
  duplicates: { contacts: Set<string> | null; companies: Set<string> | null };
};

const filled = (v: unknown) => v !== null && v !== undefined && String(v).trim() !== '';

/**
 * Every check with the ids it flags. Score = Σ weight × (mean pass share of the component's checks), weights
 * completeness 30, validity 25, duplicates 15, freshness 15, consent 15, renormalised over components that have checks.
 */
export function evaluateChecks(input: QualityInput): { checks: Check[]; affected: Map<string, string[]> } {
  const checks: Check[] = [];
  const affected = new Map<string, string[]>();
  const add = <R extends { id: string }>(
    id: string,
    component: Component,
    entity: 'contacts' | 'companies',
    field: string,
    label: string,
    rows: R[],
    applies: (r: R) => boolean,
    fails: (r: R) => boolean,
  ) => {
    const considered = rows.filter(applies);
    if (considered.length === 0) return;
    const bad = considered.filter(fails).map((r) => r.id);
    affected.set(id, bad);
    checks.push({
      id,
      component,
      entity,
      field,
      label,
      total: considered.length,
      affected: bad.length,
      ok: 1 - bad.length / considered.length,
    });
  };
  const all = () => true;
  const { contacts: cs, companies: cos } = input;
  const phoneOk = (raw: string | null) => normalizePhone(raw, input.defaultCountry) !== null;

  add(
    'contacts.email.missing',
    'completeness',
    'contacts',
    'email',
    'Contacts without an email',
    cs,
    all,
    (r) => !filled(r.email),
  );
  add(
    'contacts.phone.missing',
    'completeness',
    'contacts',
    'phone',
    'Contacts without a phone',
    cs,
    all,
    (r) => !filled(r.phone),
  );
  add(
    'contacts.name.missing',
    'completeness',
    'contacts',
    'name',
    'Contacts without a first and last name',
    cs,
    all,
    (r) => !filled(r.first_name) || !filled(r.last_name),
  );
  add(
    'contacts.company.missing',
    'completeness',
    'contacts',
    'companyId',
    'Contacts not linked to a company',
    cs,
    all,
    (r) => !filled(r.company_id),
  );
  add(
    'contacts.country.missing',
    'completeness',
    'contacts',
    'country',
    'Contacts without a country',
    cs,
    all,
    (r) => !filled(r.country),
  );
  add(
    'contacts.owner.missing',
    'completeness',
    'contacts',
    'ownerId',
    'Contacts without an owner',
    cs,
    all,
    (r) => !filled(r.owner_id),
  );
  add(
    'contacts.email.invalid',
    'validity',
    'contacts',
    'email',
    'Contact emails that are not valid addresses',
    cs,
    (r) => filled(r.email),
    (r) => !isValidEmail(r.email),
  );
  add(
    'contacts.phone.invalid',
    'validity',
    'contacts',
    'phone',
    `Contact phones that do not parse (default country ${input.defaultCountry})`,
    cs,
    (r) => filled(r.phone),
    (r) => !phoneOk(r.phone),
  );
  add(
    'contacts.country.invalid',
    'validity',
    'contacts',
    'country',
    'Contact countries that are not ISO 3166 codes',
    cs,
    (r) => filled(r.country),
    (r) => !/^[A-Z]{2}$/.test(r.country!) || normalizeCountry(r.country) !== r.country,
  );

  add(
    'companies.domain.missing',
    'completeness',
    'companies',
    'domain',
    'Companies without a domain',
    cos,
    all,
    (r) => !filled(r.domain),
  );
  add(
    'companies.industry.missing',
    'completeness',
    'companies',
    'industry',
    'Companies without an industry',
    cos,
    all,
    (r) => !filled(r.industry),
  );
  add(
    'companies.country.missing',
    'completeness',
    'companies',
    'country',
    'Companies without a country',
    cos,
    all,
    (r) => !filled(r.country),
  );
  add(
    'companies.domain.invalid',
    'validity',
    'companies',
    'domain',
    'Company domains that are not bare domains',
    cos,
    (r) => filled(r.domain),
    (r) => normalizeDomain(r.domain) !== r.domain,
  );
  add(
    'companies.phone.invalid',
    'validity',
    'companies',
    'phone',
    `Company phones that do not parse (default country ${input.defaultCountry})`,
    cos,
    (r) => filled(r.phone),
    (r) => !phoneOk(r.phone),
  );
  add(
    'companies.country.invalid',
    'validity',
    'companies',
    'country',
    'Company countries that are not ISO 3166 codes',
    cos,
    (r) => filled(r.country),
    (r) => !/^[A-Z]{2}$/.test(r.country!) || normalizeCountry(r.country) !== r.country,
  );

  const dc = input.duplicates.contacts;
  if (dc)
    add(
      'contacts.duplicates',
      'duplicates',
      'contacts',
      'duplicates',
      'Contacts in likely duplicate pairs',
      cs,
      all,
      (r) => dc.has(r.id),
    );
  const dco = input.duplicates.companies;
  if (dco)
    add(
      'companies.duplicates',
      'duplicates',
      'companies',
      'duplicates',
      'Companies in likely duplicate pairs',
      cos,
      all,
      (r) => dco.has(r.id),
    );

  const cutoff = new Date(input.now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - input.staleMonths);
  const t = (v: string | Date) => new Date(v).getTime();
  add(
    'contacts.stale',
    'freshness',
    'contacts',
    'lastActivity',
    `Contacts with no activity in ${input.staleMonths} months`,
    cs,
    (r) => t(r.created_at) < cutoff.getTime(),
    (r) => !r.last_activity || t(r.last_activity) < cutoff.getTime(),
  );
  add(
    'contacts.consent.unknown',
    'consent',
    'contacts',
    'consentMarketingEmail',
    'Contacts with unknown marketing-email consent',
    cs,
    all,
    (r) => r.consent_marketing_email === 'unknown',
  );
  return { checks, affected };
}

/** Weight per component, renormalised to 100 over the components that have at least one check. */
export function componentWeights(checks: readonly Check[]): Record<Component, number> {
  const present = (Object.keys(components) as Component[]).filter((c) => checks.some((k) => k.component === c));
  const sum = present.reduce((s, c) => s + components[c], 0);
  const w = { completeness: 0, validity: 0, duplicates: 0, freshness: 0, consent: 0 };
  for (const c of present) w[c] = (components[c] / sum) * 100;
  return w;
}

export function scoreChecks(checks: readonly Check[]) {
  const weights = componentWeights(checks);
  const parts = (Object.keys(components) as Component[]).map((c) => {
    const mine = checks.filter((k) => k.component === c);
    const ok = mine.length ? mine.reduce((s, k) => s + k.ok, 0) / mine.length : null;
    return {
      component: c,
      weight: round1(weights[c]),
      ok: ok === null ? null : round3(ok),
      points: ok === null ? 0 : round1(weights[c] * ok),
    };
  });
  // Nothing to measure (an empty workspace) is no score, not a perfect one.
  const score = checks.length === 0 ? null : Math.round(parts.reduce((s, p) => s + p.points, 0));
  return { score, parts };
}

/** Points a check would add if every record it flags were fixed: its share of its component's weight. */
export function fixPoints(check: Check, checks: readonly Check[]): number {
  const weights = componentWeights(checks);
  const n = checks.filter((k) => k.component === check.component).length;
  return round1((weights[check.component] * (1 - check.ok)) / n);
}

const verbs: Record<string, string> = {
  completeness: 'Fill in',
  validity: 'Correct',
  duplicates: 'Review and merge',
  freshness: 'Re-engage or archive',
  consent: 'Record consent for',
};

export function topFixes(checks: readonly Check[], n = 3): Fix[] {
  return checks
    .filter((c) => c.affected > 0)
    .map((c) => ({ c, points: fixPoints(c, checks) }))
    .sort((x, y) => y.points - x.points || x.c.id.localeCompare(y.c.id))
    .slice(0, n)
    .map(({ c, points }) => ({
      checkId: c.id,
      title: `${verbs[c.component]}: ${c.label.charAt(0).toLowerCase()}${c.label.slice(1)} (${c.affected.toLocaleString('en-US')})`,
      points,
      affected: c.affected,
      entity: c.entity,
      link:
        c.component === 'duplicates'
          ? `/data-quality?tab=duplicates&type=${c.entity}`
          : `/data-quality?issue=${encodeURIComponent(c.id)}`,
      api: `/api/v1/data-quality/issues/${encodeURIComponent(c.id)}`,
    }));
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
