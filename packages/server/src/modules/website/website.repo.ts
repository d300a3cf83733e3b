import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db';
import { websiteForms, websitePageViews, websiteSites, websiteVisitors } from './website.schema';

export type SiteRow = typeof websiteSites.$inferSelect;
export type FormRow = typeof websiteForms.$inferSelect;
export type VisitorRow = typeof websiteVisitors.$inferSelect;
export type PageViewRow = typeof websitePageViews.$inferSelect;

export function createWebsiteRepo(db: Db) {
  return {
    site: async (workspaceId: string, tx: Db | Tx = db) =>
      (await tx.select().from(websiteSites).where(eq(websiteSites.workspaceId, workspaceId)).limit(1))[0],
    insertSite: async (tx: Tx, row: typeof websiteSites.$inferInsert) =>
      (await tx.insert(websiteSites).values(row).onConflictDoNothing().returning())[0],
    updateSite: async (tx: Tx, workspaceId: string, values: Partial<typeof websiteSites.$inferInsert>) =>
      (await tx.update(websiteSites).set(values).where(eq(websiteSites.workspaceId, workspaceId)).returning())[0]!,

    forms: (workspaceId: string) =>
      db
        .select()
        .from(websiteForms)
        .where(eq(websiteForms.workspaceId, workspaceId))
        .orderBy(asc(websiteForms.createdAt), asc(websiteForms.id)),
    form: async (workspaceId: string, id: string, tx: Db | Tx = db) =>
      (
        await tx
          .select()
          .from(websiteForms)
          .where(and(eq(websiteForms.workspaceId, workspaceId), eq(websiteForms.id, id)))
          .limit(1)
      )[0],
    insertForm: async (tx: Tx, row: typeof websiteForms.$inferInsert) =>
      (await tx.insert(websiteForms).values(row).returning())[0]!,
    updateForm: async (tx: Tx, workspaceId: string, id: string, values: Partial<typeof websiteForms.$inferInsert>) =>
      (
        await tx
          .update(websiteForms)
          .set(values)
          .where(and(eq(websiteForms.workspaceId, workspaceId), eq(websiteForms.id, id)))
          .returning()
      )[0],
    deleteForm: async (tx: Tx, workspaceId: string, id: string) =>
      (
        await tx
          .delete(websiteForms)
          .where(and(eq(websiteForms.workspaceId, workspaceId), eq(websiteForms.id, id)))
          .returning({ id: websiteForms.id })
      ).length,

    visitor: async (workspaceId: string, visitorId: string, tx: Db | Tx = db) =>
      (
        await tx
          .select()
          .from(websiteVisitors)
          .where(and(eq(websiteVisitors.workspaceId, workspaceId), eq(websiteVisitors.visitorId, visitorId)))
          .limit(1)
      )[0],
    /** Creates the visitor row if missing and applies `set` to it. */
    upsertVisitor: async (
      tx: Db | Tx,
      workspaceId: string,
      visitorId: string,
      set: Partial<Pick<VisitorRow, 'contactId' | 'trackingConsent' | 'trackingWording' | 'consentAt'>>,
      at: Date,
    ) =>
      (
        await tx
          .insert(websiteVisitors)
          .values({ workspaceId, visitorId, createdAt: at, ...set })
          .onConflictDoUpdate({
            target: [websiteVisitors.workspaceId, websiteVisitors.visitorId],
            set: Object.keys(set).length ? set : { visitorId: sql`excluded.visitor_id` },
          })
          .returning()
      )[0]!,

    insertPageView: (tx: Db | Tx, row: typeof websitePageViews.$inferInsert) => tx.insert(websitePageViews).values(row),
    /** The pending page views of a visitor, removed (the caller turns them into activities in the same transaction). */
    takePageViews: (tx: Tx, workspaceId: string, visitorId: string) =>
      tx
        .delete(websitePageViews)
        .where(and(eq(websitePageViews.workspaceId, workspaceId), eq(websitePageViews.visitorId, visitorId)))
        .returning(),
    pageViewCount: async (workspaceId: string, visitorIds?: string[]) =>
      Number(
        (
          await db
            .select({ n: sql<number>`count(*)` })
            .from(websitePageViews)
            .where(
              and(
                eq(websitePageViews.workspaceId, workspaceId),
                visitorIds ? inArray(websitePageViews.visitorId, visitorIds) : undefined,
              ),
            )
        )[0]?.n ?? 0,
      ),
  };
}
export type WebsiteRepo = ReturnType<typeof createWebsiteRepo>;
