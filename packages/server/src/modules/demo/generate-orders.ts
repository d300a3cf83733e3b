// Orders over the last 24 months: first purchases follow conversions and won deals, repeat purchases follow each
// customer's own rate (so recency, frequency and value differ between customers), shaped by seasonality and growth.
import { products as productSpecs, seasonality, type ProductSpec } from './catalog';
import type { PlannedLine, PlannedOrder } from './generate-deals';
import type { DemoRows } from './demo.types';
import type { Rng } from './random';
import { DAY, atHour, notAfterNow, toWorkday, type Person, type Sim } from './sim';

type Month = { start: number; end: number; weight: number };

export function generateOrders(
  sim: Sim,
  rows: DemoRows,
  people: Person[],
  planned: PlannedOrder[],
  target: number,
): void {
  const { rng, nowMs } = sim;
  const now = new Date(nowMs);
  const windowStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 24, now.getUTCDate());
  const months: Month[] = [];
  for (let i = 0; ; i++) {
    const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 24 + i, 1);
    if (start > nowMs) break;
    const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 23 + i, 1);
    const growth = 0.85 + (0.3 * i) / 24; // each customer buys a little more as the range and the brand grow
    months.push({ start, end, weight: seasonality[new Date(start).getUTCMonth()]! * growth });
  }

  const byId = new Map(rows.products.map((p, i) => [p.sku!, { id: p.id, spec: productSpecs[i]! }]));
  const pool = (category: string, kind: 'b2b' | 'b2c') =>
    productSpecs.filter((p) => p.category === category && p[kind] > 0).map((p) => [p, p[kind]] as const);
  const beans = { b2b: pool('Coffee beans', 'b2b'), b2c: pool('Coffee beans', 'b2c') };
  const cleaning = { b2b: pool('Cleaning & care', 'b2b'), b2c: pool('Cleaning & care', 'b2c') };
  const gear = { b2b: pool('Brewing gear', 'b2b'), b2c: pool('Brewing gear', 'b2c') };

  type Customer = { p: Person; rate: number; from: number; to: number; favourites: ProductSpec[] };
  const customers: Customer[] = [];
  const fixed: PlannedOrder[] = planned.filter((o) => o.atMs >= windowStart);
  for (const p of people) {
    if (p.conversionMs === null) continue;
    if (!p.b2b) {
      const lines = firstHomeOrder(rng, gear.b2c, beans.b2c);
      if (p.conversionMs >= windowStart) fixed.push({ person: p, atMs: p.conversionMs, lines });
      if (p.churnMs < nowMs - 120 * DAY && rng.chance(0.7)) p.churned = true;
    }
    const kind = p.b2b ? 'b2b' : 'b2c';
    const favourites = [rng.weighted(beans[kind]), rng.weighted(beans[kind])];
    // Log-normal rates: a few customers order every week, many a few times a year.
    const rate = p.b2b
      ? Math.exp(rng.normal(Math.log(0.9), 0.6)) * (0.6 + 0.4 * p.units)
      : Math.exp(rng.normal(Math.log(0.22), 0.8));
    customers.push({
      p,
      rate,
      from: Math.max(windowStart, p.conversionMs + 7 * DAY),
      to: Math.min(nowMs, p.churnMs),
      favourites,
    });
  }

  // Scale repeat rates so the total lands on the target whatever the mix of customers.
  const overlap = (c: Customer, m: Month) =>
    Math.max(0, Math.min(c.to, m.end) - Math.max(c.from, m.start)) / (m.end - m.start);
  let expected = 0;
  for (const c of customers) for (const m of months) expected += c.rate * m.weight * overlap(c, m);
  const scale = expected > 0 ? Math.max(0, target - fixed.length) / expected : 0;

  const drafts: PlannedOrder[] = fixed.slice();
  for (const c of customers) {
    for (const m of months) {
      const share = overlap(c, m);
      if (share <= 0) continue;
      const n = rng.poisson(c.rate * scale * m.weight * share);
      for (let k = 0; k < n; k++) {
        const from = Math.max(c.from, m.start);
        const day = from + rng.next() * (Math.min(c.to, m.end) - from);
        const month = new Date(day).getUTCMonth();
        const lines = c.p.b2b
          ? repeatBusinessOrder(rng, c.p.units, c.favourites, cleaning.b2b, gear.b2b)
          : repeatHomeOrder(rng, month, c.favourites, beans.b2c, cleaning.b2c, gear.b2c);
        drafts.push({ person: c.p, atMs: day, lines });
      }
    }
  }

  // Working hours for businesses, the person's own evening rhythm for home buyers.
  for (const d of drafts) {
    const at = d.person.b2b
      ? atHour(toWorkday(d.atMs), rng.between(8, 17))
      : atHour(d.atMs, d.person.preferredHour + rng.normal(0, 1.5));
    d.atMs = Math.max(windowStart, notAfterNow(sim, at, d.atMs));
  }
  drafts.sort((a, b) => a.atMs - b.atMs || a.person.index - b.person.index);

  drafts.forEach((d, i) => {
    const orderId = sim.ids.uuid();
    let totalCents = 0;
    for (const line of mergeLines(d.lines)) {
      const product = byId.get(line.sku)!;
      // Volume discount on beans: what wholesale customers actually pay.
      const discount = product.spec.category === 'Coffee beans' && line.quantity >= 20 ? 0.9 : 1;
      const unitCents = Math.round(product.spec.price * 100 * discount);
      const amountCents = unitCents * line.quantity;
      totalCents += amountCents;
      rows.orderLines.push({
        id: sim.ids.uuid(),
        workspaceId: sim.workspaceId,
        orderId,
        productId: product.id,
        description: product.spec.name,
        quantity: line.quantity,
        unitPrice: unitCents / 100,
        amount: amountCents / 100,
      });
    }
    const ageDays = (nowMs - d.atMs) / DAY;
    const status =
      ageDays < 1
        ? rng.chance(0.5)
          ? 'pending'
          : 'paid'
        : ageDays < 4
          ? 'paid'
          : rng.weighted([
              ['fulfilled', 0.97],
              ['cancelled', 0.02],
              ['refunded', 0.01],
            ] as const);
    rows.orders.push({
      id: orderId,
      workspaceId: sim.workspaceId,
      contactId: d.person.id,
      companyId: d.person.b2b ? rows.companies[d.person.companyIndex]!.id : null,
      number: `BL-${100001 + i}`,
      orderedAt: new Date(d.atMs),
      status,
      currency: 'USD',
      total: totalCents / 100,
      externalId: null,
      createdAt: new Date(d.atMs),
      updatedAt: new Date(d.atMs),
    });
    d.person.lastChangeMs = Math.max(d.person.lastChangeMs, d.atMs);
  });
}

type Pool = readonly (readonly [ProductSpec, number])[];

function mergeLines(lines: PlannedLine[]): PlannedLine[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.sku, (merged.get(l.sku) ?? 0) + l.quantity);
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}

function firstHomeOrder(rng: Rng, gear: Pool, beans: Pool): PlannedLine[] {
  const lines: PlannedLine[] = [{ sku: rng.weighted(beans).sku, quantity: rng.int(1, 2) }];
  const machine = rng.weighted([
    ['EM-100', 0.15],
    ['EM-200', 0.05],
    ['', 0.8],
  ] as const);
  if (machine) lines.push({ sku: machine, quantity: 1 });
  if (machine && rng.chance(0.3)) lines.push({ sku: 'SP-100', quantity: 1 });
  if (rng.chance(0.25)) lines.push({ sku: rng.chance(0.6) ? 'GR-100' : 'GR-200', quantity: 1 });
  if (rng.chance(0.4)) lines.push({ sku: rng.weighted(gear).sku, quantity: 1 });
  return lines;
}

function repeatBusinessOrder(
  rng: Rng,
  units: number,
  favourites: ProductSpec[],
  cleaning: Pool,
  gear: Pool,
): PlannedLine[] {
  const lines: PlannedLine[] = [];
  for (const f of favourites)
    if (lines.length === 0 || rng.chance(0.6))
      lines.push({ sku: f.sku, quantity: Math.max(2, Math.round(units * rng.between(4, 18))) });
  if (rng.chance(0.4)) lines.push({ sku: rng.weighted(cleaning).sku, quantity: rng.int(1, 4) * units });
  if (rng.chance(0.1)) lines.push({ sku: rng.weighted(gear).sku, quantity: rng.int(1, 3) });
  return lines;
}

function repeatHomeOrder(
  rng: Rng,
  month: number,
  favourites: ProductSpec[],
  beans: Pool,
  cleaning: Pool,
  gear: Pool,
): PlannedLine[] {
  const lines: PlannedLine[] = [{ sku: favourites[0]!.sku, quantity: rng.int(1, 3) }];
  if (rng.chance(0.25))
    lines.push({ sku: rng.chance(0.5) ? favourites[1]!.sku : rng.weighted(beans).sku, quantity: 1 });
  const holidays = month >= 10;
  if (holidays && rng.chance(0.35)) lines.push({ sku: 'CB-109', quantity: rng.int(1, 2) });
  if (holidays && rng.chance(0.12))
    lines.push({ sku: rng.pick(['GR-100', 'GR-200', 'EM-100', 'BG-200']), quantity: 1 });
  if (rng.chance(0.2)) lines.push({ sku: rng.weighted(cleaning).sku, quantity: rng.int(1, 2) });
  if (rng.chance(0.15)) lines.push({ sku: rng.weighted(gear).sku, quantity: 1 });
  return lines;
}
