// Reverting an import: removes what it created and restores what it updated, leaving records changed since.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import { AppError } from '../../platform/errors';
import { assertRole } from '../auth/access';
import { contacts } from '../contacts/contacts.schema';
import { companies } from '../companies/companies.schema';
import { deals } from '../deals/deals.schema';
import { orderLines, orders } from '../orders/orders.schema';
import { products } from '../products/products.schema';
import { importRecords, imports } from './imports.schema';
import type { ImportsContext } from './imports-context';

const tables = { contact: contacts, company: companies, deal: deals, order: orders, product: products } as const;
/** Deletion order on revert: what references others goes first. */
const revertOrder = ['order', 'deal', 'contact', 'product', 'company'] as const;

/** Records a kept record still points at (the revert deletes dependants first, so these are only kept ones). */
async function stillReferenced(tx: Tx, type: string, workspaceId: string, ids: string[]): Promise<string[]> {
  const refs: Record<string, [string, string][]> = {
    company: [
      ['contacts', 'company_id'],
      ['deals', 'company_id'],
      ['orders', 'company_id'],
    ],
    contact: [
      ['deals', 'contact_id'],
      ['orders', 'contact_id'],
    ],
    product: [['order_lines', 'product_id']],
  };
  const list = refs[type];
  if (!list || ids.length === 0) return [];
  const arr = `{${ids.join(',')}}`;
  const found = new Set<string>();
  for (const [table, col] of list) {
    const res = (await tx.execute(
      sql`SELECT DISTINCT ${sql.raw(`"${col}"`)} AS id FROM ${sql.raw(`"${table}"`)} WHERE workspace_id = ${workspaceId} AND ${sql.raw(`"${col}"`)} = ANY(${arr}::uuid[])`,
    )) as unknown as { rows?: { id: string }[] } | { id: string }[];
    for (const r of Array.isArray(res) ? res : (res.rows ?? [])) found.add(r.id);
  }
  return [...found];
}

export function createImportRevert({ db, clock, audit, load }: ImportsContext) {
  /**
   * Removes what the import created and restores what it updated, in one transaction; records changed since the
   * import (their updated_at moved) are left alone and listed.
   */
  async function revert(actor: Actor, id: string) {
    assertRole(actor, 'admin');
    const imp = await load(actor, id);
    if (imp.status === 'reverted') throw new AppError('conflict', `Import ${id} was already reverted`);
    if (imp.status === 'queued' || imp.status === 'draft')
      throw new AppError('conflict', `Import ${id} has not run yet`);
    return db.transaction(async (tx) => {
      const recs = await tx.select().from(importRecords).where(eq(importRecords.importId, id));
      const skipped: { entityType: string; entityId: string; reason: string }[] = [];
      const done = { deleted: 0, restored: 0 };
      for (const type of revertOrder) {
        const table = tables[type] as any;
        const mine = recs.filter((r) => r.entityType === type);
        const createdIds = mine.filter((r) => r.action === 'created').map((r) => r.entityId);
        for (let i = 0; i < createdIds.length; i += 5000) {
          const chunk = createdIds.slice(i, i + 5000);
          const current = await tx
            .select({ id: table.id, updatedAt: table.updatedAt })
            .from(table)
            .where(
              and(eq(table.workspaceId, imp.workspaceId), sql`${table.id} = ANY(${`{${chunk.join(',')}}`}::uuid[])`),
            );
          const after = new Map(mine.map((r) => [r.entityId, r.afterUpdatedAt?.getTime()]));
          const removable: string[] = [];
          for (const c of current as { id: string; updatedAt: Date }[]) {
            if (after.get(c.id) !== undefined && c.updatedAt.getTime() !== after.get(c.id))
              skipped.push({ entityType: type, entityId: c.id, reason: 'changed since the import' });
            else removable.push(c.id);
          }
          for (const id of await stillReferenced(tx, type, imp.workspaceId, removable)) {
            removable.splice(removable.indexOf(id), 1);
            skipped.push({ entityType: type, entityId: id, reason: 'still used by a record kept by this revert' });
          }
          if (removable.length)
            await tx.execute(
              sql`DELETE FROM ${table} WHERE workspace_id = ${imp.workspaceId} AND id = ANY(${`{${removable.join(',')}}`}::uuid[])`,
            );
          done.deleted += removable.length;
        }
        for (const r of mine.filter((x) => x.action === 'updated')) {
          const cur = (
            await tx
              .select({ updatedAt: table.updatedAt })
              .from(table)
              .where(and(eq(table.workspaceId, imp.workspaceId), eq(table.id, r.entityId)))
          )[0] as { updatedAt: Date } | undefined;
          if (!cur) {
            skipped.push({ entityType: type, entityId: r.entityId, reason: 'deleted since the import' });
            continue;
          }
          if (r.afterUpdatedAt && cur.updatedAt.getTime() !== r.afterUpdatedAt.getTime()) {
            skipped.push({ entityType: type, entityId: r.entityId, reason: 'changed since the import' });
            continue;
          }
          const before = (r.before ?? {}) as Record<string, unknown>;
          if (type === 'order') {
            await tx
              .delete(orderLines)
              .where(and(eq(orderLines.workspaceId, imp.workspaceId), eq(orderLines.orderId, r.entityId)));
            const lines = (before.lines as Record<string, unknown>[] | undefined) ?? [];
            if (lines.length)
              await tx
                .insert(orderLines)
                .values(lines.map((l) => ({ ...(l as any), workspaceId: imp.workspaceId, orderId: r.entityId })));
            await tx
              .update(orders)
              .set({
                total: Number(before.total ?? 0),
                updatedAt: before.updatedAt ? new Date(String(before.updatedAt)) : clock.now(),
              })
              .where(eq(orders.id, r.entityId));
          } else {
            const set: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(before))
              set[k] =
                k === 'expectedCloseDate' || typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(v) ? v : new Date(v);
            await tx
              .update(table)
              .set({ ...set, updatedAt: set.updatedAt ?? clock.now() })
              .where(and(eq(table.workspaceId, imp.workspaceId), eq(table.id, r.entityId)));
          }
          done.restored++;
        }
      }
      await tx.update(imports).set({ status: 'reverted', revertedAt: clock.now() }).where(eq(imports.id, id));
      await audit.record(tx, actor, {
        action: 'import.revert',
        entityType: 'import',
        entityId: id,
        after: { ...done, skipped: skipped.length },
      });
      return { importId: id, ...done, skipped };
    });
  }
  return revert;
}
