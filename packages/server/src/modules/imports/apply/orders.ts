import { and, eq, inArray, sql } from 'drizzle-orm';
import { contacts } from '../../contacts/contacts.schema';
import { products } from '../../products/products.schema';
import { orderLines, orders } from '../../orders/orders.schema';
import { unnestInsert, textArray } from '../../../platform/bulk-insert';
import { splitFullName } from '../normalise/name';
import { bump, emptyResult, type ApplyContext, type BatchResult, type InputRow } from './types';

type Line = {
  row: InputRow;
  sku: string | null;
  name: string | null;
  quantity: number;
  unitPrice: number;
  amount: number;
};
const lineKey = (sku: string | null, name: string | null, q: number, p: number) =>
  `${sku ?? ''}|${sku ? '' : (name ?? '')}|${q}|${Math.round(p * 10000) / 10000}`;

const statusMap: Record<string, 'pending' | 'paid' | 'fulfilled' | 'cancelled' | 'refunded'> = {
  paid: 'paid',
  pending: 'pending',
  authorized: 'pending',
  partially_paid: 'pending',
  fulfilled: 'fulfilled',
  refunded: 'refunded',
  partially_refunded: 'paid',
  voided: 'cancelled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  complete: 'fulfilled',
  completed: 'fulfilled',
};

/**
 * Orders files (one row per order line): customers, products, orders and lines together, in bulk.
 * Rows of one order need not be adjacent: the first group creates the order, later groups add their lines.
 * An existing order (not from this import) whose lines all match is unchanged; otherwise its lines are replaced
 * (the old ones kept for revert). Invoices numbered "C…" (Online Retail's convention) are cancellations: status
 * 'cancelled', with their negative quantities kept. Rows without a customer make guest orders (no contact).
 */
let superuser: boolean | null = null;
async function canSkipTriggers(ctx: ApplyContext): Promise<boolean> {
  if (superuser === null) {
    const res = (await ctx.tx.execute(sql`SELECT current_setting('is_superuser') AS su`)) as unknown as
      { rows?: { su: string }[] } | { su: string }[];
    superuser = (Array.isArray(res) ? res : (res.rows ?? []))[0]?.su === 'on';
  }
  return superuser;
}

async function assertStillThere(ctx: ApplyContext, table: typeof contacts | typeof products, ids: string[]) {
  if (!ids.length) return;
  const res = (await ctx.tx.execute(
    sql`SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = ${ctx.workspaceId} AND id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
  )) as unknown as { rows?: { n: number }[] } | { n: number }[];
  const n = (Array.isArray(res) ? res : (res.rows ?? []))[0]?.n ?? 0;
  if (n !== ids.length)
    throw new Error('A customer or product this import uses was deleted while it ran; run the import again to resume');
}

/** The product's list price from a line: the unit price, else line amount / quantity (rounded to cents). */
function unitPriceOf(f: Record<string, unknown>): number | null {
  if (f.unitPrice !== undefined) return Math.abs(Number(f.unitPrice));
  const q = Number(f.quantity);
  if (f.lineAmount === undefined || !q) return null;
  return Math.round(Math.abs(Number(f.lineAmount) / q) * 100) / 100;
}

export function createOrdersApplier() {
  const contactCache = new Map<string, string>();
  const productCache = new Map<string, string>();
  const touched = new Set<string>();

  return {
    /** Orders this import already wrote (on resume), so their later lines are appended, not compared. */
    restoreTouched(ids: string[]) {
      for (const id of ids) touched.add(id);
    },

    async apply(ctx: ApplyContext, rows: InputRow[]): Promise<BatchResult> {
      const res = emptyResult();
      const ok: { r: InputRow; f: Record<string, unknown> }[] = [];
      for (const r of rows) {
        const f = r.values.fields;
        const first = r.values.problems[0];
        // A line amount alone is a line of one; with a quantity, the unit price is amount / quantity.
        if (f.quantity === undefined && f.unitPrice === undefined && f.lineAmount !== undefined) f.quantity = 1;
        const missing = !f.orderNumber
          ? 'orderNumber'
          : !(f.orderedAt instanceof Date)
            ? 'orderedAt'
            : f.quantity === undefined
              ? 'quantity'
              : f.unitPrice === undefined && f.lineAmount === undefined
                ? 'unitPrice'
                : null;
        if (first) res.rejections.push({ row: r.row, problem: first, cells: r.cells });
        else if (missing)
          res.rejections.push({
            row: r.row,
            problem: {
              column: ctx.columnFor(missing),
              value: null,
              reason: `the row has no ${ctx.columnFor(missing)}`,
            },
            cells: r.cells,
          });
        else ok.push({ r, f });
      }
      // Customers: by id, else email. Created with what the row says about them.
      const custKey = (f: Record<string, unknown>) =>
        f.customerId ? `x:${f.customerId}` : f.customerEmail ? `e:${f.customerEmail}` : null;
      const wantCust = [
        ...new Set(ok.map((o) => custKey(o.f)).filter((k): k is string => !!k && !contactCache.has(k))),
      ];
      if (wantCust.length) {
        const xs = wantCust.filter((k) => k.startsWith('x:')).map((k) => k.slice(2));
        const es = wantCust.filter((k) => k.startsWith('e:')).map((k) => k.slice(2));
        if (xs.length)
          for (const c of await ctx.tx
            .select({ id: contacts.id, x: contacts.externalId })
            .from(contacts)
            .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.externalId, xs))))
            contactCache.set(`x:${c.x}`, c.id);
        if (es.length)
          for (const c of await ctx.tx
            .select({ id: contacts.id, e: contacts.email })
            .from(contacts)
            .where(and(eq(contacts.workspaceId, ctx.workspaceId), inArray(contacts.email, es))))
            contactCache.set(`e:${c.e}`, c.id);
        const newContacts: Record<string, unknown>[] = [];
        for (const o of ok) {
          const k = custKey(o.f);
          if (!k || contactCache.has(k)) continue;
          const id = crypto.randomUUID();
          contactCache.set(k, id);
          const name =
            typeof o.f.customerName === 'string'
              ? splitFullName(o.f.customerName)
              : { firstName: null, lastName: null };
          newContacts.push({
            id,
            workspaceId: ctx.workspaceId,
            externalId: (o.f.customerId as string | undefined) ?? null,
            email: (o.f.customerEmail as string | undefined) ?? null,
            firstName: name.firstName,
            lastName: name.lastName,
            phone: (o.f.customerPhone as string | undefined) ?? null,
            country: (o.f.country as string | undefined) ?? null,
            city: (o.f.city as string | undefined) ?? null,
            lifecycleStage: 'customer',
            source: 'import',
            createdAt: ctx.now,
            updatedAt: ctx.now,
          });
          res.records.push({ entityType: 'contact', entityId: id, action: 'created' });
        }
        if (newContacts.length) await ctx.tx.execute(unnestInsert(contacts, newContacts));
        bump(res.summary, 'customersCreated', newContacts.length);
      }
      // Products: by SKU; created from the first line that names them.
      const wantSku = [
        ...new Set(
          ok.map((o) => o.f.sku as string | undefined).filter((s): s is string => !!s && !productCache.has(s)),
        ),
      ];
      if (wantSku.length) {
        for (const p of await ctx.tx
          .select({ id: products.id, sku: products.sku })
          .from(products)
          .where(and(eq(products.workspaceId, ctx.workspaceId), inArray(products.sku, wantSku))))
          productCache.set(p.sku!, p.id);
        const newProducts: Record<string, unknown>[] = [];
        for (const o of ok) {
          const sku = o.f.sku as string | undefined;
          if (!sku || productCache.has(sku)) continue;
          const id = crypto.randomUUID();
          productCache.set(sku, id);
          newProducts.push({
            id,
            workspaceId: ctx.workspaceId,
            sku,
            name: (o.f.productName as string | undefined) || sku,
            category: (o.f.category as string | undefined) ?? null,
            price: unitPriceOf(o.f),
            currency: (o.f.currency as string | undefined)?.toUpperCase() ?? ctx.currency,
            createdAt: ctx.now,
            updatedAt: ctx.now,
          });
          res.records.push({ entityType: 'product', entityId: id, action: 'created' });
        }
        if (newProducts.length) await ctx.tx.execute(unnestInsert(products, newProducts));
        bump(res.summary, 'productsCreated', newProducts.length);
      }
      // Orders: group this batch's lines by order number, in file order.
      const groups = new Map<string, { head: Record<string, unknown>; lines: Line[] }>();
      for (const o of ok) {
        const no = String(o.f.orderNumber);
        const q = Number(o.f.quantity);
        const price = o.f.unitPrice !== undefined ? Number(o.f.unitPrice) : q ? Number(o.f.lineAmount) / q : 0;
        const amount = o.f.lineAmount !== undefined ? Number(o.f.lineAmount) : Math.round(q * price * 100) / 100;
        const g = groups.get(no) ?? groups.set(no, { head: o.f, lines: [] }).get(no)!;
        g.lines.push({
          row: o.r,
          sku: (o.f.sku as string | undefined) ?? null,
          name: (o.f.productName as string | undefined) ?? null,
          quantity: q,
          unitPrice: price,
          amount,
        });
      }
      const numbers = [...groups.keys()];
      const existing = new Map<string, { id: string; total: number; updatedAt?: Date }>();
      if (numbers.length) {
        for (const e of await ctx.tx
          .select({ id: orders.id, x: orders.externalId, total: orders.total, updatedAt: orders.updatedAt })
          .from(orders)
          .where(
            and(
              eq(orders.workspaceId, ctx.workspaceId),
              sql`${orders.externalId} = ANY(${textArray(numbers)}::text[])`,
            ),
          ))
          existing.set(e.x!, { id: e.id, total: Number(e.total), updatedAt: e.updatedAt });
      }
      const untouchedIds = [...existing.values()].filter((e) => !touched.has(e.id)).map((e) => e.id);
      const storedLines = new Map<string, { key: string; row: Record<string, unknown> }[]>();
      if (untouchedIds.length) {
        const rows = await ctx.tx
          .select()
          .from(orderLines)
          .where(and(eq(orderLines.workspaceId, ctx.workspaceId), inArray(orderLines.orderId, untouchedIds)));
        const skuOf = new Map([...productCache.entries()].map(([s, id]) => [id, s]));
        for (const l of rows) {
          const list = storedLines.get(l.orderId) ?? storedLines.set(l.orderId, []).get(l.orderId)!;
          list.push({
            key: lineKey(
              l.productId ? (skuOf.get(l.productId) ?? l.productId) : null,
              l.description,
              Number(l.quantity),
              Number(l.unitPrice),
            ),
            row: l as unknown as Record<string, unknown>,
          });
        }
      }
      const newOrders: Record<string, unknown>[] = [];
      const newLines: Record<string, unknown>[] = [];
      const totals = new Map<string, number>();
      for (const [no, g] of groups) {
        const total = Math.round(g.lines.reduce((s, l) => s + l.amount, 0) * 100) / 100;
        const lineRows = (orderId: string) =>
          g.lines.map((l) => ({
            workspaceId: ctx.workspaceId,
            orderId,
            productId: l.sku ? (productCache.get(l.sku) ?? null) : null,
            description: l.name,
            quantity: l.quantity,
            unitPrice: l.unitPrice,
            amount: l.amount,
          }));
        const found = existing.get(no);
        if (found && touched.has(found.id)) {
          newLines.push(...lineRows(found.id));
          totals.set(found.id, found.total + total);
          found.total += total;
          res.records.push({ entityType: 'order', entityId: found.id, action: 'created' });
          res.outcomes.created += g.lines.length;
          continue;
        }
        if (found) {
          const pool = [...(storedLines.get(found.id) ?? [])];
          const allFound = g.lines.every((l) => {
            const i = pool.findIndex((p) => p.key === lineKey(l.sku, l.name, l.quantity, l.unitPrice));
            if (i < 0) return false;
            pool.splice(i, 1);
            return true;
          });
          if (allFound) {
            res.outcomes.unchanged += g.lines.length;
            continue;
          }
          // Changed order: replace its lines, keeping the old ones (and total) to restore on revert.
          const before = {
            total: found.total,
            updatedAt: found.updatedAt,
            lines: (storedLines.get(found.id) ?? []).map((p) => p.row),
          };
          await ctx.tx
            .delete(orderLines)
            .where(and(eq(orderLines.workspaceId, ctx.workspaceId), eq(orderLines.orderId, found.id)));
          newLines.push(...lineRows(found.id));
          totals.set(found.id, total);
          touched.add(found.id);
          res.records.push({ entityType: 'order', entityId: found.id, action: 'updated', before });
          res.outcomes.updated += g.lines.length;
          continue;
        }
        const id = crypto.randomUUID();
        const h = g.head;
        const ck = h.customerId ? `x:${h.customerId}` : h.customerEmail ? `e:${h.customerEmail}` : null;
        const rawStatus = typeof h.status === 'string' ? h.status.toLowerCase().replace(/\s+/g, '_') : '';
        const cancelled = /^c/i.test(no) && g.lines.every((l) => l.quantity <= 0);
        const status = cancelled ? 'cancelled' : (statusMap[rawStatus] ?? 'paid');
        newOrders.push({
          id,
          workspaceId: ctx.workspaceId,
          contactId: ck ? (contactCache.get(ck) ?? null) : null,
          number: no,
          externalId: no,
          orderedAt: h.orderedAt,
          status,
          currency: (h.currency as string | undefined)?.toUpperCase() ?? ctx.currency,
          total,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        });
        newLines.push(...lineRows(id));
        touched.add(id);
        existing.set(no, { id, total });
        res.records.push({ entityType: 'order', entityId: id, action: 'created' });
        res.outcomes.created += g.lines.length;
        bump(res.summary, 'ordersCreated');
        if (cancelled) bump(res.summary, 'cancellations');
        if (!ck) bump(res.summary, 'guestOrders');
      }
      bump(res.summary, 'returnLines', ok.filter((o) => Number(o.f.quantity) < 0).length);
      if (newLines.length > 1000 && (await canSkipTriggers(ctx))) {
        // Bulk path (as the demo loader): foreign keys are not re-checked row by row in this transaction. Every
        // referenced order is inserted just above; the contacts and products cached from earlier batches are checked
        // to still exist here, so a record deleted meanwhile fails the batch (rolled back, resumable) instead.
        await assertStillThere(ctx, contacts, [
          ...new Set(newOrders.map((o) => o.contactId).filter((x): x is string => typeof x === 'string')),
        ]);
        await assertStillThere(ctx, products, [
          ...new Set(newLines.map((l) => l.productId).filter((x): x is string => typeof x === 'string')),
        ]);
        await ctx.tx.execute(sql`SET LOCAL session_replication_role = replica`);
      }
      if (newOrders.length) await ctx.tx.execute(unnestInsert(orders, newOrders));
      for (let i = 0; i < newLines.length; i += 20000)
        await ctx.tx.execute(unnestInsert(orderLines, newLines.slice(i, i + 20000)));
      for (const [id, total] of totals)
        await ctx.tx
          .update(orders)
          .set({ total: Math.round(total * 100) / 100, updatedAt: ctx.now })
          .where(eq(orders.id, id));
      return res;
    },
  };
}
export type OrdersApplier = ReturnType<typeof createOrdersApplier>;
