import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import { rowsOf, type Db } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import { assertRole } from '../auth/access';
import { contacts } from '../contacts/contacts.schema';
import { worklistReps } from './worklist.schema';
import { allocateLeads, rebalance, type Assignment, type RepLoad } from './allocate';
import type { repInput } from './worklist.model';

const UNTOUCHED = sql`not exists (select 1 from activities a where a.workspace_id = c.workspace_id and a.contact_id = c.id and a.type in ('email_sent', 'call', 'meeting'))`;

/** Who carries how much, handing unassigned leads out, and evening out the load: managers' tools. */
export function createAllocationService({ db, clock, audit }: { db: Db; clock: Clock; audit: AuditService }) {
  /** Reps (or, in a team without reps, everyone who can own records) with open deals + open leads as their load. */
  async function load(
    workspaceId: string,
  ): Promise<(RepLoad & { email: string; role: string; openDeals: number; openLeads: number })[]> {
    const rows = await rowsOf<{
      id: string;
      name: string;
      email: string;
      role: string;
      territory: string | null;
      capacity: number | null;
      open_deals: string | number;
      open_leads: string | number;
    }>(
      db,
      sql`
      select u.id, u.name, u.email, u.role, w.territory, w.capacity,
        (select count(*) from deals d where d.workspace_id = u.workspace_id and d.owner_id = u.id and d.status = 'open') as open_deals,
        (select count(*) from contacts c where c.workspace_id = u.workspace_id and c.owner_id = u.id and c.lifecycle_stage in ('lead', 'mql', 'sql') and ${UNTOUCHED}) as open_leads
      from users u left join worklist_reps w on w.workspace_id = u.workspace_id and w.user_id = u.id
      where u.workspace_id = ${workspaceId} and u.disabled_at is null and u.role <> 'viewer'
      order by u.name, u.id`,
    );
    const reps = rows.some((r) => r.role === 'rep') ? rows.filter((r) => r.role === 'rep') : rows;
    return reps.map((r) => ({
      userId: r.id,
      name: r.name,
      email: r.email,
      role: r.role,
      territory: r.territory,
      capacity: r.capacity ?? 50,
      openDeals: Number(r.open_deals),
      openLeads: Number(r.open_leads),
      load: Number(r.open_deals) + Number(r.open_leads),
    }));
  }

  async function apply(actor: Actor, assignments: Assignment[], action: string) {
    if (assignments.length === 0) return;
    const now = clock.now();
    await db.transaction(async (tx) => {
      const byUser = new Map<string, string[]>();
      for (const a of assignments) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a.contactId]);
      for (const [userId, ids] of byUser) {
        await tx
          .update(contacts)
          .set({ ownerId: userId, updatedAt: now })
          .where(and(eq(contacts.workspaceId, actor.workspaceId), inArray(contacts.id, ids)));
      }
      await audit.record(
        tx,
        actor,
        assignments.map((a) => ({
          action,
          entityType: 'contact',
          entityId: a.contactId,
          after: { ownerId: a.userId, reason: a.reason },
        })),
      );
    });
  }

  return {
    async load(actor: Actor) {
      assertRole(actor, 'manager');
      const [unassigned] = await rowsOf<{ n: string | number }>(
        db,
        sql`select count(*) as n from contacts c where c.workspace_id = ${actor.workspaceId} and c.owner_id is null and c.lifecycle_stage in ('lead', 'mql', 'sql') and not c.do_not_contact`,
      );
      return { reps: await load(actor.workspaceId), unassignedLeads: Number(unassigned?.n ?? 0) };
    },

    /** Hands every unassigned lead to a rep (territory, then room, then round robin); dryRun shows the plan only. */
    async allocate(actor: Actor, opts: { dryRun: boolean; limit: number }) {
      assertRole(actor, 'manager');
      const reps = await load(actor.workspaceId);
      if (reps.length === 0)
        throw new AppError('bad_request', 'There is nobody to give leads to: invite a rep first (Settings → Users).');
      const leads = await rowsOf<{ id: string; country: string | null }>(
        db,
        sql`
        select c.id, c.country from contacts c where c.workspace_id = ${actor.workspaceId} and c.owner_id is null and c.lifecycle_stage in ('lead', 'mql', 'sql') and not c.do_not_contact
        order by c.created_at, c.id limit ${opts.limit}`,
      );
      const assignments = allocateLeads(
        leads.map((l) => ({ contactId: l.id, country: l.country })),
        reps,
      );
      if (!opts.dryRun) await apply(actor, assignments, 'worklist.allocate');
      const names = new Map(reps.map((r) => [r.userId, r.name]));
      return {
        dryRun: opts.dryRun,
        assigned: assignments.length,
        assignments: assignments.map((a) => ({ ...a, userName: names.get(a.userId) ?? null })),
        message: leads.length ? null : 'No unassigned leads.',
      };
    },

    /** Moves leads nobody has contacted yet from overloaded reps to the least loaded ones. */
    async rebalance(actor: Actor, opts: { dryRun: boolean }) {
      assertRole(actor, 'manager');
      const reps = await load(actor.workspaceId);
      const ids = reps.map((r) => r.userId);
      const movable = new Map<string, string[]>();
      if (ids.length) {
        const rows = await rowsOf<{ id: string; owner_id: string }>(
          db,
          sql`
          select c.id, c.owner_id from contacts c where c.workspace_id = ${actor.workspaceId} and c.owner_id = any(${sql.param(ids)}::uuid[]) and c.lifecycle_stage in ('lead', 'mql', 'sql') and ${UNTOUCHED}
          order by c.created_at desc, c.id`,
        );
        for (const r of rows) movable.set(r.owner_id, [...(movable.get(r.owner_id) ?? []), r.id]);
      }
      const moves = rebalance(reps, movable);
      if (!opts.dryRun) await apply(actor, moves, 'worklist.rebalance');
      const names = new Map(reps.map((r) => [r.userId, r.name]));
      return {
        dryRun: opts.dryRun,
        moved: moves.length,
        moves: moves.map((m) => ({ ...m, userName: names.get(m.userId) ?? null })),
        message: moves.length
          ? null
          : 'Loads are already even (within one item of the team mean), or no uncontacted lead can move.',
      };
    },

    async setRep(actor: Actor, userId: string, input: z.infer<typeof repInput>) {
      assertRole(actor, 'manager');
      const reps = await load(actor.workspaceId);
      const [exists] = await rowsOf<{ id: string }>(
        db,
        sql`select id from users where workspace_id = ${actor.workspaceId} and id = ${userId}`,
      );
      if (!exists) throw new AppError('not_found', `No user ${userId} in this workspace`);
      const before = reps.find((r) => r.userId === userId);
      await db.transaction(async (tx) => {
        await tx
          .insert(worklistReps)
          .values({
            workspaceId: actor.workspaceId,
            userId,
            territory: input.territory ?? null,
            capacity: input.capacity ?? 50,
            updatedAt: clock.now(),
          })
          .onConflictDoUpdate({
            target: [worklistReps.workspaceId, worklistReps.userId],
            set: { ...input, updatedAt: clock.now() },
          });
        await audit.record(tx, actor, {
          action: 'worklist.rep',
          entityType: 'user',
          entityId: userId,
          before: before ? { territory: before.territory, capacity: before.capacity } : null,
          after: input,
        });
      });
      return (await load(actor.workspaceId)).find((r) => r.userId === userId) ?? { userId, ...input };
    },
  };
}
export type AllocationService = ReturnType<typeof createAllocationService>;
