import { ENGAGEMENT_TYPES } from './features';
import type { ScoreFactor, StoredFactor, StoredFactors } from './scoring.schema';

/**
 * Plain words for a factor, as a rep reads it: "Opened 4 emails in the last 30 days", "Company size 11-50".
 * Feature ids never reach the screen.
 */
const ACTIVITY_WORDS: Record<keyof typeof ENGAGEMENT_TYPES, [one: string, many: string, none: string]> = {
  email_opened: ['Opened 1 email', 'Opened {n} emails', 'No emails opened'],
  email_clicked: ['Clicked 1 email link', 'Clicked {n} email links', 'No email links clicked'],
  email_replied: ['Replied to 1 email', 'Replied to {n} emails', 'No email replies'],
  web_visit: ['Visited the website once', 'Visited the website {n} times', 'No website visits'],
  form_fill: ['Filled in 1 form', 'Filled in {n} forms', 'No forms filled in'],
  meeting: ['Had 1 meeting', 'Had {n} meetings', 'No meetings'],
  call: ['Had 1 call', 'Had {n} calls', 'No calls'],
};

const FIXED: Record<string, string> = {
  title: 'Job title',
  source: 'Source',
  country: 'Country',
  company_industry: 'Industry',
  company_size: 'Company size',
  company_country: 'Company country',
  pipeline: 'Pipeline',
  stage: 'Stage',
};

const isMissing = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
const num = (v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : Number(v));
const show = (v: unknown) => (v === 'other' || v === '__other__' ? 'other (uncommon value)' : String(v));
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const money = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
const human = (key: string) => key.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

export function describeFactor(feature: string, value: unknown): string {
  const engagement = /^(deal_)?(\w+?)_(7|30|90)d$/.exec(feature);
  if (engagement && engagement[2]! in ACTIVITY_WORDS) {
    const [one, many, none] = ACTIVITY_WORDS[engagement[2] as keyof typeof ACTIVITY_WORDS];
    const n = isMissing(value) ? 0 : num(value);
    const text = n === 0 ? none : n === 1 ? one : many.replace('{n}', String(n));
    return `${text} in the last ${engagement[3]} days`;
  }
  if (feature in FIXED) return isMissing(value) ? `${FIXED[feature]} unknown` : `${FIXED[feature]} ${show(value)}`;
  if (feature.startsWith('company_cf_'))
    return isMissing(value)
      ? `Company ${human(feature.slice(11)).toLowerCase()} unknown`
      : `Company ${human(feature.slice(11)).toLowerCase()}: ${show(value)}`;
  if (feature.startsWith('cf_'))
    return isMissing(value) ? `${human(feature.slice(3))} unknown` : `${human(feature.slice(3))}: ${show(value)}`;
  if (isMissing(value)) {
    const missing: Record<string, string> = {
      days_since_last_activity: 'No activity recorded yet',
      days_since_last_inbound: 'Has never opened, clicked, visited or replied',
      company_employees: 'Number of employees unknown',
      company_revenue: 'Company revenue unknown',
      amount: 'No amount on the deal',
      stage_probability: 'Stage unknown',
    };
    return missing[feature] ?? `${human(feature)} unknown`;
  }
  const n = num(value);
  switch (feature) {
    case 'days_since_last_activity':
      return n === 0 ? 'Last activity today' : `Last activity ${plural(n, 'day')} ago`;
    case 'days_since_last_inbound':
      return n === 0 ? 'Engaged today (opened, clicked, visited or replied)' : `Last engaged ${plural(n, 'day')} ago`;
    case 'days_since_created':
      return n === 0 ? 'Added today' : `In the CRM for ${plural(n, 'day')}`;
    case 'activities_total':
      return `${plural(n, 'activity')} logged so far`.replace('activitys', 'activities');
    case 'deals_open':
      return n === 0 ? 'No open deal' : `${plural(n, 'open deal')}`;
    case 'deals_lost':
      return n === 0 ? 'No lost deals' : `Lost ${plural(n, 'deal')} before`;
    case 'company_employees':
      return `${money(n)} employees`;
    case 'company_revenue':
      return `Company revenue ${money(n)}`;
    case 'amount':
      return `Deal amount ${money(n)}`;
    case 'stage_probability':
      return `Stage win rate ${Math.round(n * 100)}%`;
    case 'days_open':
      return `Open for ${plural(n, 'day')}`;
    case 'days_in_stage':
      return `In this stage for ${plural(n, 'day')}`;
    case 'stage_moves':
      return n === 0 ? 'Has not moved stage yet' : `Moved stage ${n === 1 ? 'once' : `${n} times`}`;
    case 'deal_activities_30d':
      return n === 0
        ? 'No activity on the deal in the last 30 days'
        : `${plural(n, 'activity')} on the deal in the last 30 days`.replace('activitys', 'activities');
    default:
      return `${human(feature)}: ${show(value)}`;
  }
}

const render = (f: StoredFactors['positive'][number]): ScoreFactor =>
  Array.isArray(f)
    ? { feature: f[0], value: f[1], label: describeFactor(f[0], f[1]), contribution: f[2] }
    : { value: null, ...f };

/** Stored factors in plain words; the words follow this file, so a better wording reaches scores already stored. */
export function renderFactors(stored: StoredFactors): { positive: ScoreFactor[]; negative: ScoreFactor[] } {
  return { positive: stored.positive.map(render), negative: stored.negative.map(render) };
}

/** What a score keeps of one contribution: NaN (a missing value) is stored as null, which reads as missing too. */
export function storedFactor(feature: string, value: string | number | null, contribution: number): StoredFactor {
  return [
    feature,
    typeof value === 'number' && !Number.isFinite(value) ? null : value,
    Math.round(contribution * 1000) / 1000,
  ];
}
