import { describe, expect, it } from 'vitest';
import {
  contactFeatures,
  dealFeatures,
  engagementFeatures,
  stageAt,
  type ContactRow,
  type DealRow,
  type Snapshot,
} from './features';
import { contactOutcome } from './examples';
import { describeFactor, renderFactors, storedFactor } from './labels';
import { tierCuts, tierOf } from './scoring.service';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

function snapshot(): Snapshot {
  const contact: ContactRow = {
    id: 'c1',
    companyId: 'co1',
    title: 'Owner',
    source: 'referral',
    country: 'US',
    createdAt: T0,
    becameCustomerAt: null,
    lifecycleStage: 'lead',
    consentProfiling: 'unknown',
    customFields: { budget: 500 },
  };
  const deal: DealRow = {
    id: 'd1',
    contactId: 'c1',
    companyId: 'co1',
    pipelineId: 'p',
    stageId: 's2',
    amount: 1000,
    source: null,
    status: 'open',
    createdAt: T0 + 2 * DAY,
    closedAt: null,
    customFields: {},
  };
  return {
    contacts: new Map([['c1', contact]]),
    companies: new Map([
      [
        'co1',
        {
          id: 'co1',
          industry: 'Cafe',
          sizeBand: '11-50',
          employees: 20,
          annualRevenue: 1e6,
          country: 'US',
          createdAt: T0 - DAY,
          customFields: {},
        },
      ],
    ]),
    deals: new Map([['d1', deal]]),
    activitiesByContact: new Map([
      [
        'c1',
        [
          { type: 'email_opened', at: T0 + DAY },
          { type: 'web_visit', at: T0 + 3 * DAY },
          { type: 'email_opened', at: T0 + 9 * DAY },
        ],
      ],
    ]),
    activitiesByDeal: new Map([['d1', [{ type: 'call', at: T0 + 4 * DAY }]]]),
    dealsByContact: new Map([['c1', [deal]]]),
    stageHistory: new Map([['d1', [{ fromStageId: 's1', toStageId: 's2', at: T0 + 8 * DAY }]]]),
    stages: new Map([
      ['s1', { name: 'Qualify', position: 1, probability: 0.1, kind: 'open', pipelineName: 'Sales' }],
      ['s2', { name: 'Proposal', position: 2, probability: 0.5, kind: 'open', pipelineName: 'Sales' }],
      ['s9', { name: 'Won', position: 9, probability: 1, kind: 'won', pipelineName: 'Sales' }],
    ]),
    customKeys: { contact: ['budget'], company: [], deal: [] },
  };
}

describe('feature builder as of a date', () => {
  it('counts engagement per window and recency from the activities up to the date only', () => {
    const asOf = T0 + 10 * DAY;
    const f = engagementFeatures(snapshot().activitiesByContact.get('c1'), asOf);
    expect(f.email_opened_7d).toBe(1);
    expect(f.email_opened_30d).toBe(2);
    expect(f.web_visit_30d).toBe(1);
    expect(f.days_since_last_activity).toBe(1);
    expect(engagementFeatures([], asOf).days_since_last_activity).toBeNull();
  });

  it('never sees rows that come after the date: adding later activities, deals, stage moves and companies changes nothing', () => {
    const asOf = T0 + 5 * DAY;
    const s = snapshot();
    const contactBefore = contactFeatures(s, s.contacts.get('c1')!, asOf);
    const dealBefore = dealFeatures(s, s.deals.get('d1')!, asOf);
    // Later rows of every kind the builder reads.
    s.activitiesByContact.get('c1')!.push({ type: 'email_replied', at: asOf + 1 }, { type: 'meeting', at: asOf + DAY });
    s.activitiesByDeal.get('d1')!.push({ type: 'meeting', at: asOf + 2 * DAY });
    const later: DealRow = {
      id: 'd2',
      contactId: 'c1',
      companyId: 'co1',
      pipelineId: 'p',
      stageId: 's9',
      amount: 5,
      source: 'ads',
      status: 'won',
      createdAt: asOf + DAY,
      closedAt: asOf + 3 * DAY,
      customFields: {},
    };
    s.deals.set('d2', later);
    s.dealsByContact.get('c1')!.push(later);
    s.stageHistory.get('d1')!.push({ fromStageId: 's2', toStageId: 's9', at: asOf + 4 * DAY });
    s.companies.set('co2', {
      id: 'co2',
      industry: 'Hotel',
      sizeBand: '200+',
      employees: 900,
      annualRevenue: 1,
      country: 'FR',
      createdAt: asOf + DAY,
      customFields: {},
    });
    expect(contactFeatures(s, s.contacts.get('c1')!, asOf)).toEqual(contactBefore);
    expect(dealFeatures(s, s.deals.get('d1')!, asOf)).toEqual(dealBefore);
    // ...while a date after them does see them.
    expect(contactFeatures(s, s.contacts.get('c1')!, asOf + 5 * DAY)).not.toEqual(contactBefore);
  });

  it('takes the stage a deal was in on the date from its history, and a company created later as unknown', () => {
    const s = snapshot();
    const d = s.deals.get('d1')!;
    expect(stageAt(s, d, T0 + 5 * DAY)).toBe('s1');
    expect(stageAt(s, d, T0 + 9 * DAY)).toBe('s2');
    s.companies.get('co1')!.createdAt = T0 + 20 * DAY;
    expect(contactFeatures(s, s.contacts.get('c1')!, T0 + 10 * DAY).company_size).toBeNull();
  });

  it('refuses to describe a record before it existed, and never uses identifiers or consent', () => {
    const s = snapshot();
    expect(() => contactFeatures(s, s.contacts.get('c1')!, T0 - DAY)).toThrow(/did not exist/);
    const keys = Object.keys(contactFeatures(s, s.contacts.get('c1')!, T0 + DAY));
    for (const banned of ['email', 'phone', 'first_name', 'last_name', 'city', 'tags', 'external_id'])
      expect(keys).not.toContain(banned);
    for (const part of ['consent', 'contact_', 'lifecycle', 'became_customer', 'owner'])
      expect(keys.filter((k) => k.includes(part))).toEqual([]);
  });
});

describe('outcomes only when known by now', () => {
  const c = (created: number, converted: number | null): ContactRow => ({
    id: 'x',
    companyId: null,
    title: null,
    source: null,
    country: null,
    createdAt: created,
    becameCustomerAt: converted,
    lifecycleStage: converted ? 'customer' : 'lead',
    consentProfiling: 'unknown',
    customFields: {},
  });
  const now = T0 + 200 * DAY;
  it('is positive inside the horizon, negative once the horizon has passed, unknown before', () => {
    expect(contactOutcome(c(T0, T0 + 30 * DAY), T0, now, 90)).toBe(1);
    expect(contactOutcome(c(T0, T0 + 120 * DAY), T0, now, 90)).toBe(0);
    expect(contactOutcome(c(T0, null), T0, now, 90)).toBe(0);
    expect(contactOutcome(c(now - 10 * DAY, null), now - 10 * DAY, now, 90)).toBeNull();
    expect(contactOutcome(c(T0, T0), T0 + DAY, now, 90)).toBeNull(); // already a customer when observed
    expect(contactOutcome(c(T0, now + DAY), T0 + 150 * DAY, now, 90)).toBeNull(); // converts after now: not known yet
  });
});

describe('plain words and tiers', () => {
  it('describes factors as a rep reads them, never as feature ids', () => {
    expect(describeFactor('email_opened_30d', 4)).toBe('Opened 4 emails in the last 30 days');
    expect(describeFactor('email_opened_7d', 0)).toBe('No emails opened in the last 7 days');
    expect(describeFactor('company_size', '11-50')).toBe('Company size 11-50');
    expect(describeFactor('company_industry', 'other')).toBe('Industry other (uncommon value)');
    expect(describeFactor('days_since_last_inbound', null)).toBe('Has never opened, clicked, visited or replied');
    expect(describeFactor('cf_budget_range', 'high')).toBe('Budget range: high');
    expect(describeFactor('source', null)).toBe('Source unknown');
  });

  it('stores factors as tuples and words them when read, scores stored in the older worded form included', () => {
    expect(storedFactor('email_opened_30d', 4, 0.41234)).toEqual(['email_opened_30d', 4, 0.412]);
    expect(storedFactor('company_revenue', Number.NaN, -0.2)).toEqual(['company_revenue', null, -0.2]);
    const stored = {
      positive: [storedFactor('email_opened_30d', 4, 0.41234)],
      negative: [{ feature: 'source', label: 'Source Fair', contribution: -0.3 }],
    };
    expect(renderFactors(JSON.parse(JSON.stringify(stored)))).toEqual({
      positive: [
        { feature: 'email_opened_30d', value: 4, label: 'Opened 4 emails in the last 30 days', contribution: 0.412 },
      ],
      negative: [{ feature: 'source', value: null, label: 'Source Fair', contribution: -0.3 }],
    });
    expect(
      renderFactors({ positive: [storedFactor('company_revenue', Number.NaN, 0.1)], negative: [] }).positive[0]!.label,
    ).toBe('Company revenue unknown');
  });
  it('cuts tiers at quartiles: a quarter of the records in each', () => {
    const p = Array.from({ length: 100 }, (_, i) => i / 100);
    const cuts = tierCuts(p);
    const counts = { A: 0, B: 0, C: 0, D: 0 } as Record<string, number>;
    for (const x of p) counts[tierOf(x, cuts)]!++;
    expect(counts).toEqual({ A: 25, B: 25, C: 25, D: 25 });
  });
});

describe('publishing bar', () => {
  it('judges calibration against sampling noise: a small test set needs a larger gap to count as poor', async () => {
    const { calibrationNoise, expectedCalibrationError } = await import('./train');
    const small = [
      { count: 5, meanPredicted: 0.2, observedRate: 0.4 },
      { count: 5, meanPredicted: 0.6, observedRate: 0.4 },
    ];
    const large = small.map((b) => ({ ...b, count: 5000 }));
    expect(expectedCalibrationError(small)).toBeCloseTo(0.2);
    expect(expectedCalibrationError(large)).toBeCloseTo(0.2);
    expect(2 * calibrationNoise(small)).toBeGreaterThan(0.2); // 10 rows: a 20-point gap is within noise
    expect(2 * calibrationNoise(large)).toBeLessThan(0.05); // 10,000 rows: it is not
  });
});
