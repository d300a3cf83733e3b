import { eq } from 'drizzle-orm';
import { createCrudService, type CrudServiceDeps } from '../../platform/crud';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/http';
import { createOrdersRepo } from './orders.repo';
import { orders } from './orders.schema';
import { orderCreateSchema, orderPatchSchema } from './orders.fields';

type LineInput = { productId?: string | null; description?: string | null; quantity: number; unitPrice: number };
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Orders carry their lines: written together, and the total is always the sum of the lines. */
export function createOrdersService(deps: CrudServiceDeps) {
  const repo = createOrdersRepo(deps.db);
  const crud = createCrudService(
    deps,
    repo,
    { create: orderCreateSchema, patch: orderPatchSchema },
    {
      async beforeWrite(tx, actor, values) {
        if (!('lines' in values)) return undefined;
        const lines = (values.lines ?? []) as LineInput[];
        delete values.lines;
        const productIds = lines.map((l) => l.productId).filter((p): p is string => typeof p === 'string');
        const missing = await repo.missingRefs(tx, actor.workspaceId, repo.productRef, productIds, actor);
        if (missing.length) {
          const i = lines.findIndex((l) => l.productId === missing[0]);
          throw new AppError('validation', `Invalid lines.${i}.productId: no such product in this workspace`, {
            field: `lines.${i}.productId`,
          });
        }
        values.total = round2(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0));
        return lines;
      },
      async afterWrite(tx, actor, row, _existing, carried) {
        if (!carried) return;
        const lines = carried as LineInput[];
        await repo.replaceLines(
          tx,
          actor.workspaceId,
          row.id,
          lines.map((l) => ({
            workspaceId: actor.workspaceId,
            orderId: row.id,
            productId: l.productId ?? null,
            description: l.description ?? null,
            quantity: l.quantity,
            unitPrice: l.unitPrice,
            amount: round2(l.quantity * l.unitPrice),
          })),
        );
      },
    },
  );

  async function withLines<T extends { id: string }>(actor: Actor, rows: T[]) {
    const lines = await repo.linesOf(
      actor.workspaceId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => ({ ...r, lines: lines.filter((l) => l.orderId === r.id) }));
  }
  return {
    ...crud,
    get: async (actor: Actor, id: string) => (await withLines(actor, [await crud.get(actor, id)]))[0]!,
    forContact: (actor: Actor, contactId: string) => repo.recentFor(actor, eq(orders.contactId, contactId)),
    forCompany: (actor: Actor, companyId: string) => repo.recentFor(actor, eq(orders.companyId, companyId)),
  };
}
export type OrdersService = ReturnType<typeof createOrdersService>;
