import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { customFieldDefinitions, type CustomFieldEntity } from './custom-fields.schema';

export type CustomFieldRow = typeof customFieldDefinitions.$inferSelect;

export function createCustomFieldsRepo(db: Db) {
  const scope = (workspaceId: string, id: string) =>
    and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, id));
  return {
    list: (workspaceId: string, entity?: CustomFieldEntity, tx: Tx = db) =>
      tx
        .select()
        .from(customFieldDefinitions)
        .where(
          and(
            eq(customFieldDefinitions.workspaceId, workspaceId),
            entity ? eq(customFieldDefinitions.entity, entity) : undefined,
          ),
        )
        .orderBy(
          asc(customFieldDefinitions.entity),
          asc(customFieldDefinitions.position),
          asc(customFieldDefinitions.createdAt),
        ),
    get: async (tx: Tx, workspaceId: string, id: string) =>
      (await tx.select().from(customFieldDefinitions).where(scope(workspaceId, id)))[0],
    insert: async (tx: Tx, row: typeof customFieldDefinitions.$inferInsert) =>
      (await tx.insert(customFieldDefinitions).values(row).returning())[0]!,
    update: async (
      tx: Tx,
      workspaceId: string,
      id: string,
      patch: Partial<typeof customFieldDefinitions.$inferInsert>,
    ) => (await tx.update(customFieldDefinitions).set(patch).where(scope(workspaceId, id)).returning())[0],
    remove: (tx: Tx, workspaceId: string, id: string) =>
      tx.delete(customFieldDefinitions).where(scope(workspaceId, id)),
  };
}
