import type { Db, Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { createAuditRepo } from './audit.repo';
import { chainVerifier, type ChainReport } from './audit-chain';
import type { AuditFilter } from './audit.repo';

export type AuditInput = {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

// Lives in platform/ (crud.ts needs it, and platform imports no module); re-exported for the modules.
export { changedFields } from '../../platform/changes';

export function createAuditService({ db, clock }: { db: Db; clock: Clock }) {
  const repo = createAuditRepo(db);
  return {
    /** Written in the caller's transaction: the change and its record commit or roll back together. */
    async record(tx: Tx, actor: Actor, entries: AuditInput | AuditInput[]) {
      const list = Array.isArray(entries) ? entries : [entries];
      const at = clock.now();
      await repo.insert(
        tx,
        list.map((e) => ({
          workspaceId: actor.workspaceId,
          actorType: actor.kind,
          actorId: actor.id,
          action: e.action,
          entityType: e.entityType,
          entityId: e.entityId ?? null,
          before: (e.before ?? null) as object | null,
          after: (e.after ?? null) as object | null,
          at,
        })),
      );
    },
    /** For reads that hand personal data out (CSV exports): recorded on their own, outside any write. */
    recordExport: (actor: Actor, entry: AuditInput) =>
      db.transaction((tx) =>
        repo.insert(tx, [
          {
            workspaceId: actor.workspaceId,
            actorType: actor.kind,
            actorId: actor.id,
            action: entry.action,
            entityType: entry.entityType,
            entityId: entry.entityId ?? null,
            before: null,
            after: (entry.after ?? null) as object | null,
            at: clock.now(),
          },
        ]),
      ),
    /** Checks the workspace's hash chain from its first entry: ok with the count, or the first broken link. */
    async verify(workspaceId: string): Promise<ChainReport & { workspaceId: string }> {
      const verifier = chainVerifier();
      let after = 0;
      while (true) {
        const page = await repo.page(workspaceId, after, 2000);
        for (const e of page) {
          const broken = verifier.add(e);
          if (broken) return { workspaceId, ...broken };
        }
        if (page.length < 2000) return { workspaceId, ...verifier.done() };
        after = page.at(-1)!.id;
      }
    },
    workspaceIds: () => repo.workspaceIds(),
    list: (actor: Actor, f: AuditFilter) => repo.list(actor.workspaceId, f),
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
export type ExportRecorder = AuditService['recordExport'];
