// The demo workspace: a believable small business whose data carries real, learnable signal.
// Pure function of (workspaceId, seed, options, now): no I/O, no Math.random, no Date.now. See docs/demo-data.md.
import {
  companyPrefixes,
  countries,
  demoEmailDomain,
  demoUsers,
  firstNames,
  freeMailDomains,
  industries,
  lastNames,
  pipelineSpecs,
  products as productSpecs,
  sizeBands,
  sources,
  titlesB2b,
  type CountrySpec,
  type Industry,
  type SizeBand,
} from './catalog';
import { generateActivities } from './generate-activities';
import { generateDeals } from './generate-deals';
import { generateOrders } from './generate-orders';
import { clamp, createRng, hashString, sigmoid } from './random';
import { DAY, YEAR, slug, weightedPicker, type Person, type Sim } from './sim';
import type { DemoData, DemoOptions, DemoRows } from './demo.types';

export type { DemoData, DemoOptions, DemoRows, DemoUser, ContactTruth } from './demo.types';

export const defaultDemoSeed = 42;
export const defaultDemoContacts = 3000;

/**
 * Ten activities per contact up to 20,000 contacts, then three per further contact: timelines stay rich at demo
 * size while a 100,000-contact load stays within a minute (activities are the most indexed table).
 */
export function activityTarget(contacts: number, perContact?: number): number {
  if (perContact !== undefined) return Math.round(contacts * perContact);
  return contacts <= 20_000 ? 10 * contacts : 200_000 + 3 * (contacts - 20_000);
}

/** Companies carry hidden traits too: they decide fit and deal size of everyone working there. */
export type CompanyTraits = {
  industry: Industry;
  size: SizeBand;
  country: CountrySpec;
  city: string;
  name: string;
  domain: string;
  ownerId: string;
};

export function generateDemo(workspaceId: string, options: DemoOptions, now: Date): DemoData {
  const seed = options.seed ?? defaultDemoSeed;
  const contactCount = Math.max(10, Math.round(options.contacts ?? defaultDemoContacts));
  const rng = createRng(seed);
  const sim: Sim = {
    rng,
    ids: createRng(seed ^ hashString(workspaceId)),
    workspaceId,
    nowMs: now.getTime(),
    repIds: [],
  };
  const rows: DemoRows = {
    users: [],
    pipelines: [],
    pipelineStages: [],
    products: [],
    companies: [],
    contacts: [],
    consentEvents: [],
    deals: [],
    dealStageHistory: [],
    orders: [],
    orderLines: [],
    activities: [],
  };
  const founded = new Date(sim.nowMs - 3 * YEAR);

  // Reps and their manager: ownership is spread unevenly, as in any real team.
  const repWeights: number[] = [];
  for (const u of demoUsers) {
    const id = sim.ids.uuid();
    rows.users.push({
      id,
      workspaceId,
      email: `${slug(u.first)}.${u.role}@${demoEmailDomain}`,
      name: `${u.first} ${u.last}`,
      role: u.role,
      createdAt: founded,
    });
    if (u.role === 'rep') {
      sim.repIds.push(id);
      repWeights.push(u.weight);
    }
  }
  const pickRep = weightedPicker(repWeights);
  const repAt = (i: number): string => sim.repIds[i]!;

  pipelineSpecs.forEach((p, position) => {
    const pipelineId = sim.ids.uuid();
    rows.pipelines.push({ id: pipelineId, workspaceId, name: p.name, position, createdAt: founded });
    p.stages.forEach((s, i) =>
      rows.pipelineStages.push({
        id: sim.ids.uuid(),
        workspaceId,
        pipelineId,
        name: s.name,
        position: i,
        probability: s.probability,
        kind: s.kind,
      }),
    );
  });

  for (const p of productSpecs) {
    rows.products.push({
      id: sim.ids.uuid(),
      workspaceId,
      sku: p.sku,
      name: p.name,
      category: p.category,
      price: p.price,
      currency: 'USD',
      active: true,
      externalId: null,
      createdAt: founded,
      updatedAt: founded,
    });
  }

  const companies = generateCompanies(sim, rows, Math.max(1, Math.round(contactCount / 10)), () => repAt(pickRep(rng)));
  const people = generateContacts(sim, rows, contactCount, companies, () => repAt(pickRep(rng)));

  const planned = generateDeals(sim, rows, people, companies);
  generateOrders(sim, rows, people, planned, Math.round((contactCount * 5) / 3));
  generateActivities(sim, rows, people, activityTarget(contactCount, options.activitiesPerContact));
  finishContacts(sim, rows, people);

  const truth = people.map((p) => ({
    contactId: p.id,
    b2b: p.b2b,
    fit: p.fit,
    engagement: p.engagement,
    preferredHour: p.preferredHour,
    converted: p.conversionMs !== null,
    willConvert: p.latentConversionMs !== null,
  }));
  return { ...rows, truth };
}

function generateCompanies(sim: Sim, rows: DemoRows, count: number, pickOwner: () => string): CompanyTraits[] {
  const { rng } = sim;
  const traits: CompanyTraits[] = [];
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const industry = rng.weighted(industries.map((x) => [x, x.weight] as const));
    const size = rng.weighted(sizeBands.map((x) => [x, x.weight] as const));
    const country = rng.weighted(countries.map((x) => [x, x.weight] as const));
    const city = rng.pick(country.cities);
    let name = `${rng.pick(companyPrefixes)} ${rng.pick(industry.nouns)}`;
    if (names.has(name)) name = `${name} ${city}`;
    for (let n = 2; names.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    names.add(name);
    const domain = `${slug(name)}.${country.tld}`;
    // Most small businesses sit at the bottom of their band.
    const employees = Math.round(size.min + (size.max - size.min) * rng.next() ** 2);
    const ownerId = pickOwner();
    traits.push({ industry, size, country, city, name, domain, ownerId });
    rows.companies.push({
      id: sim.ids.uuid(),
      workspaceId: sim.workspaceId,
      name,
      domain,
      industry: industry.name,
      sizeBand: size.band,
      employees,
      annualRevenue: Math.round((employees * rng.between(60_000, 180_000)) / 1000) * 1000,
      country: country.code,
      city,
      phone: country.phone(() => String(rng.int(0, 9))),
      ownerId,
      externalId: null,
      tags: [],
      customFields: {},
      createdAt: new Date(0),
      updatedAt: new Date(0), // set once its first contact is known
    });
  }
  return traits;
}

function generateContacts(
  sim: Sim,
  rows: DemoRows,
  count: number,
  companies: CompanyTraits[],
  pickOwner: () => string,
): Person[] {
  const { rng, nowMs } = sim;
  const people: Person[] = [];
  const emails = new Set<string>();
  const pickCompany = weightedPicker(companies.map((_, i) => Math.sqrt(rows.companies[i]!.employees ?? 1)));
  const sourcePick = sources.map((s) => [s, s.weight] as const);
  const span = 42 * 30.44 * DAY;
  for (let i = 0; i < count; i++) {
    // Every company gets a first contact; after that seven in ten contacts are business buyers.
    const b2b = i < companies.length || rng.chance(0.7);
    const companyIndex = b2b ? (i < companies.length ? i : pickCompany(rng)) : -1;
    const company = companies[companyIndex];
    const first = rng.pick(firstNames);
    const last = rng.pick(lastNames);
    const source = rng.weighted(sourcePick).name;
    const country = company?.country ?? rng.weighted(countries.map((x) => [x, x.weight] as const));
    const city = company?.city ?? rng.pick(country.cities);

    // Growing business over 3.5 years: sign-ups get denser towards now.
    let createdMs = 0;
    for (;;) {
      const u = rng.next();
      if (rng.next() < (1 + 1.2 * u) / 2.2) {
        createdMs = Math.floor(nowMs - span + u * span - rng.between(0, DAY));
        break;
      }
    }

    const fit = company
      ? clamp(0.6 * company.industry.fit + 0.4 * company.size.fit + rng.normal(0, 0.08), 0, 1)
      : clamp(rng.normal(0.5, 0.12), 0, 1);
    const engagement = clamp(rng.normal(0.38, 0.22), 0, 1);
    const preferredHour = b2b ? clamp(rng.normal(10.5, 2.2), 7, 19) : clamp(rng.normal(19, 2.5), 7, 23);

    // The planted signal: fit and engagement drive conversion (B2B converts through a won deal, B2C by buying).
    const logit =
      (b2b ? -6.6 : -3.7) + 3.0 * fit + 4.8 * engagement + (sources.find((s) => s.name === source)?.conversion ?? 0);
    let latentConversionMs: number | null = null;
    if (rng.chance(sigmoid(logit))) {
      const lagDays = b2b ? 14 + rng.exponential(50) : 1 + rng.exponential(20);
      latentConversionMs = createdMs + Math.floor(lagDays * DAY);
    }
    const conversionMs = latentConversionMs !== null && latentConversionMs <= nowMs ? latentConversionMs : null;

    const dnc = rng.chance(0.03);
    const marketing = dnc
      ? 'denied'
      : rng.weighted([
          ['granted', 0.45 + 0.3 * engagement],
          ['denied', 0.08],
          ['unknown', 0.4],
        ] as const);
    const profiling = rng.weighted([
      ['granted', 0.42],
      ['denied', 0.1],
      ['unknown', 0.48],
    ] as const);

    const email = makeEmail(sim, emails, first, last, company?.domain);
    const hasPhone = rng.chance(b2b ? 0.8 : 0.6);
    const id = sim.ids.uuid();
    const ownerId = company ? company.ownerId : rng.chance(0.55) ? pickOwner() : null;
    rows.contacts.push({
      id,
      workspaceId: sim.workspaceId,
      companyId: company ? rows.companies[companyIndex]!.id : null,
      ownerId,
      firstName: first,
      lastName: last,
      email,
      phone: hasPhone ? country.phone(() => String(rng.int(0, 9))) : null,
      title: b2b ? rng.pick(titlesB2b) : null,
      lifecycleStage: 'lead',
      source,
      country: country.code,
      city,
      consentMarketingEmail: marketing,
      consentProfiling: profiling,
      doNotContact: dnc,
      becameCustomerAt: null,
      externalId: null,
      tags: [b2b ? 'b2b' : 'b2c'],
      customFields: {},
      createdAt: new Date(createdMs),
      updatedAt: new Date(createdMs),
    });
    addConsentEvents(sim, rows, id, createdMs, source, marketing, profiling);

    const churnMean = b2b ? 30 * 30.44 * DAY : 14 * 30.44 * DAY;
    people.push({
      index: i,
      id,
      b2b,
      companyIndex,
      ownerId,
      fit,
      engagement,
      preferredHour,
      source,
      createdMs,
      latentConversionMs,
      conversionMs,
      churnMs: (conversionMs ?? createdMs) + Math.floor(rng.exponential(churnMean)),
      churned: false,
      canEmail: !dnc && marketing !== 'denied' && email !== null,
      canCall: !dnc,
      units: company?.size.units ?? 1,
      dealIds: [],
      lastChangeMs: createdMs,
    });
    if (company) {
      const c = rows.companies[companyIndex]!;
      if (c.createdAt!.getTime() === 0 || c.createdAt!.getTime() > createdMs)
        c.createdAt = c.updatedAt = new Date(createdMs - rng.int(0, 20) * DAY);
    }
  }
  return people;
}

function makeEmail(
  sim: Sim,
  taken: Set<string>,
  first: string,
  last: string,
  domain: string | undefined,
): string | null {
  const { rng } = sim;
  if (domain && rng.chance(0.02)) return null; // a few business contacts are known by phone only
  const f = slug(first);
  const l = slug(last);
  const base = domain ? `${f}.${l}` : rng.pick([`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}.${l}${rng.int(1, 99)}`]);
  const at = domain ?? rng.pick(freeMailDomains);
  let email = `${base}@${at}`;
  for (let n = 2; taken.has(email); n++) email = `${base}${n}@${at}`;
  taken.add(email);
  return email;
}

function addConsentEvents(
  sim: Sim,
  rows: DemoRows,
  contactId: string,
  createdMs: number,
  source: string,
  marketing: string,
  profiling: string,
) {
  const { rng } = sim;
  const how = source === 'web' ? 'signup form' : source === 'event' ? 'event badge scan' : 'import';
  const push = (purpose: 'marketing_email' | 'profiling', state: 'granted' | 'denied', atMs: number, src: string) =>
    rows.consentEvents.push({
      id: sim.ids.uuid(),
      workspaceId: sim.workspaceId,
      contactId,
      purpose,
      state,
      source: src,
      occurredAt: new Date(atMs),
    });
  if (marketing === 'granted') push('marketing_email', 'granted', createdMs, how);
  if (marketing === 'denied') {
    // Some said yes first and unsubscribed later: the history has to show both.
    if (rng.chance(0.4)) {
      push('marketing_email', 'granted', createdMs, how);
      push(
        'marketing_email',
        'denied',
        Math.min(sim.nowMs, createdMs + Math.floor(rng.exponential(90) * DAY)),
        'unsubscribe link',
      );
    } else push('marketing_email', 'denied', createdMs, how);
  }
  if (profiling === 'granted' || profiling === 'denied') push('profiling', profiling, createdMs, how);
}

/** Lifecycle stage and last change once deals and orders are known. */
function finishContacts(sim: Sim, rows: DemoRows, people: Person[]) {
  const dealById = new Map(rows.deals.map((d) => [d.id, d]));
  for (const p of people) {
    const row = rows.contacts[p.index]!;
    if (p.conversionMs !== null) {
      row.becameCustomerAt = new Date(p.conversionMs);
      row.lifecycleStage = p.churned ? 'churned' : 'customer';
    } else {
      const statuses = p.dealIds.map((id) => dealById.get(id)?.status);
      if (statuses.includes('open')) row.lifecycleStage = 'opportunity';
      else if (statuses.includes('lost')) row.lifecycleStage = 'sql';
      else if (p.engagement > 0.55) row.lifecycleStage = 'mql';
      else if (!p.b2b && row.consentMarketingEmail === 'granted' && p.engagement < 0.3)
        row.lifecycleStage = 'subscriber';
      else row.lifecycleStage = 'lead';
    }
    row.updatedAt = new Date(Math.min(sim.nowMs, Math.max(p.lastChangeMs, p.conversionMs ?? 0)));
  }
}
