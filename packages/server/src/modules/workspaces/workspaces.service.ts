import { z } from '@hono/zod-openapi';
import type { ActorCache } from '../../platform/actor-cache';
import type { Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import { AppError, notFound } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import { changedFields } from '../audit/audit.service';
import { assertRole } from '../auth/access';
import { createWorkspacesRepo } from './workspaces.repo';
import { defaultWorkspaceSettings } from './workspaces.schema';

/** The settings a workspace has until it changes them (other modules read them here, not from the schema). */
export { defaultWorkspaceSettings };

export const workspaceSettingsSchema = z.object({
  repsSeeUnassigned: z.boolean(),
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO currency code'),
  timezone: z.string().min(1),
});
export const workspacePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    settings: workspaceSettingsSchema.partial().optional(),
  })
  .strict();

export const workspaceDeleteSchema = z
  .object({ confirm: z.string().max(200).openapi({ description: "the workspace's exact name, to confirm" }) })
  .strict();

export function createWorkspacesService({
  db,
  audit,
  actors,
}: {
  db: Db;
  audit: AuditService;
  /** Remembered callers (platform/actor-cache.ts): they carry the workspace's settings, so a change drops them. */
  actors?: Pick<ActorCache, 'forgetWorkspace'>;
}) {
  const repo = createWorkspacesRepo(db);
  async function get(id: string) {
    const ws = await repo.get(id);
    if (!ws) throw notFound('Workspace', id);
    return { ...ws, settings: { ...defaultWorkspaceSettings, ...ws.settings } };
  }
  return {
    get,
    list: () => repo.list(),
    async update(actor: Actor, patch: z.infer<typeof workspacePatchSchema>) {
      assertRole(actor, 'admin');
      const before = await get(actor.workspaceId);
      const next = { name: patch.name ?? before.name, settings: { ...before.settings, ...patch.settings } };
      const result = await db.transaction(async (tx) => {
        const updated = await repo.update(tx, actor.workspaceId, next);
        if (!updated) throw new AppError('not_found', 'Workspace was not found');
        const diff = changedFields(before, updated);
        if (diff.changed)
          await audit.record(tx, actor, {
            action: 'workspace.update',
            entityType: 'workspace',
            entityId: actor.workspaceId,
            ...diff,
          });
        return updated;
      });
      actors?.forgetWorkspace(actor.workspaceId);
      return result;
    },
    create: (tx: Parameters<typeof repo.insert>[0], name: string) => repo.insert(tx, name),
    /**
     * Deletes the actor's workspace with all its data, its users and its audit log, for good. Owners only, confirmed
     * by the workspace's exact name. Nothing of the workspace is left to record it in; the caller logs it.
     */
    async remove(actor: Actor, confirm: string) {
      assertRole(actor, 'owner');
      const ws = await get(actor.workspaceId);
      if (confirm !== ws.name)
        throw new AppError('validation', `Invalid confirm: type the workspace's name ("${ws.name}") to delete it`, {
          field: 'confirm',
        });
      const removed = await db.transaction((tx) => repo.remove(tx, ws.id));
      if (!removed) throw notFound('Workspace', ws.id);
      actors?.forgetWorkspace(ws.id);
      return { id: ws.id, name: ws.name };
    },
  };
}
export type WorkspacesService = ReturnType<typeof createWorkspacesService>;
