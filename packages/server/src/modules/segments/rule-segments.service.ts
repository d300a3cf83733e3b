import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import { rowsOf, type Db, type Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError, notFound } from '../../platform/errors';
import { isUuid } from '../../platform/crud';
import type { AuditService } from '../audit/audit.service';
import { assertCanWrite } from '../auth/access';
import { createSegmentsRepo } from './segments.repo';
import { ruleConditions, ruleOps, type Rule } from './rule-fields';
import { ruleSegments } from './segments.schema';

export const ruleSchema = z.object({
  field: z.string().trim().min(1).max(120),
  op: z.enum(ruleOps),
  value: z.string().max(2000).default(''),
});
export const ruleSegmentInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).nullish(),
    rules: z.array(ruleSchema).min(1).max(20),
  })
  .strict();
export const ruleSegmentPatch = ruleSegmentInput.partial().strict();

/** Saved filters over contacts, recomputed on demand and on a schedule, with membership history. */
export function createRuleSegmentsService({ db, clock, audit }: { db: Db; clock: Clock; audit: AuditService }) {
  const repo = createSegmentsRepo(db);

  const load = async (workspaceId: string, id: string) => {
    const row = isUuid(id)
      ? (
          await db
            .select()
            .from(ruleSegments)
            .where(and(eq(ruleSegments.workspaceId, workspaceId), eq(ruleSegments.id, id)))
        )[0]
      : undefined;
    if (!row) throw notFound('Segment', id);
    return row;
  };

  /** Contacts matching the rules right now. A field that no longer exists is a validation error naming it. */
  async function matching(workspaceId: string, rules: Rule[]): Promise<string[]> {
    const now = clock.now();
    for (const [i, r] of rules.entries()) {
      if (!r.field.startsWith('custom.')) continue;
      const [hit] = await rowsOf<{ found: boolean }>(
        db,
        sql`select exists (select 1 from contacts where workspace_id = ${workspaceId} and custom_fields ? ${r.field.slice(7)}) as found`,
      );
      if (!hit?.found) {
        throw new AppError(
          'validation',
          `Rule ${i + 1}: the custom field "${r.field.slice(7)}" is not on any contact any more (was it deleted or renamed?). Edit the segment to use another field.`,
          { field: `rules.${i}.field`, missingField: r.field },
        );
      }
    }
    const conds = ruleConditions(rules, now);
    const rows = await rowsOf<{ id: string }>(
      db,
      sql`
      select contacts.id from contacts
      left join customer_rfm on customer_rfm.workspace_id = contacts.workspace_id and customer_rfm.contact_id = contacts.id
      left join scoring_scores sc on sc.workspace_id = contacts.workspace_id and sc.entity = 'contact' and sc.entity_id = contacts.id
      left join (select contact_id, max(occurred_at) as last_at from activities where workspace_id = ${workspaceId} group by contact_id) la on la.contact_id = contacts.id
      where contacts.workspace_id = ${workspaceId} and ${sql.join(conds, sql` and `)}`,
    );
    return rows.map((r) => r.id);
  }

  /** Recomputes one segment; a failure (deleted field) is stored on the segment as a message and members stay as they were. */
  async function recompute(workspaceId: string, id: string, actor?: Actor) {
    const seg = await load(workspaceId, id);
    const now = clock.now();
    // Asked for by a person (API, CLI): the recompute and the membership moves it made are audited with it.
    const record = (tx: Tx, after: Record<string, unknown>) =>
      actor
        ? audit.record(tx, actor, { action: 'segment.recompute', entityType: 'rule_segment', entityId: seg.id, after })
        : undefined;
    try {
      const ids = await matching(workspaceId, seg.rules as Rule[]);
      const moves = await db.transaction(async (tx) => {
        const m = await repo.syncMemberships(
          tx,
          workspaceId,
          'rule',
          new Map(ids.map((c) => [c, seg.id])),
          now,
          seg.id,
        );
        await tx
          .update(ruleSegments)
          .set({ memberCount: ids.length, computedAt: now, lastError: null })
          .where(eq(ruleSegments.id, seg.id));
        await record(tx, { members: ids.length, ...m });
        return m;
      });
      return { id: seg.id, name: seg.name, members: ids.length, ...moves, error: null as string | null };
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      await db.transaction(async (tx) => {
        await tx.update(ruleSegments).set({ lastError: e.message, computedAt: now }).where(eq(ruleSegments.id, seg.id));
        await record(tx, { error: e.message });
      });
      return { id: seg.id, name: seg.name, members: seg.memberCount, entered: 0, left: 0, error: e.message };
    }
  }

  return {
    matching,
    recompute,
    async recomputeAll(workspaceId: string) {
      const all = await db
        .select({ id: ruleSegments.id })
        .from(ruleSegments)
        .where(eq(ruleSegments.workspaceId, workspaceId));
      const out = [];
      for (const s of all) out.push(await recompute(workspaceId, s.id));
      return out;
    },
    list: (actor: Actor) =>
      db
        .select()
        .from(ruleSegments)
        .where(eq(ruleSegments.workspaceId, actor.workspaceId))
        .orderBy(asc(ruleSegments.name)),
    get: (actor: Actor, id: string) => load(actor.workspaceId, id),

    async create(actor: Actor, input: z.infer<typeof ruleSegmentInput>) {
      assertCanWrite(actor);
      await matching(actor.workspaceId, input.rules); // refuses unknown fields and bad values before saving
      const seg = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(ruleSegments)
          .values({
            workspaceId: actor.workspaceId,
            name: input.name,
            description: input.description ?? null,
            rules: input.rules,
            createdBy: actor.userId,
          })
          .returning();
        await audit.record(tx, actor, {
          action: 'segment.create',
          entityType: 'rule_segment',
          entityId: row!.id,
          after: row,
        });
        return row!;
      });
      await recompute(actor.workspaceId, seg.id);
      return load(actor.workspaceId, seg.id);
    },

    async update(actor: Actor, id: string, input: z.infer<typeof ruleSegmentPatch>) {
      assertCanWrite(actor);
      const before = await load(actor.workspaceId, id);
      if (input.rules) await matching(actor.workspaceId, input.rules);
      await db.transaction(async (tx) => {
        await tx
          .update(ruleSegments)
          .set({ ...input, updatedAt: clock.now() })
          .where(and(eq(ruleSegments.workspaceId, actor.workspaceId), eq(ruleSegments.id, id)));
        await audit.record(tx, actor, {
          action: 'segment.update',
          entityType: 'rule_segment',
          entityId: id,
          before,
          after: input,
        });
      });
      if (input.rules) await recompute(actor.workspaceId, id);
      return load(actor.workspaceId, id);
    },

    async remove(actor: Actor, id: string) {
      assertCanWrite(actor);
      const before = await load(actor.workspaceId, id);
      await db.transaction(async (tx) => {
        await tx.execute(
          sql`delete from segment_memberships where workspace_id = ${actor.workspaceId} and kind = 'rule' and segment_key = ${id}`,
        );
        await tx
          .delete(ruleSegments)
          .where(and(eq(ruleSegments.workspaceId, actor.workspaceId), eq(ruleSegments.id, id)));
        await audit.record(tx, actor, { action: 'segment.delete', entityType: 'rule_segment', entityId: id, before });
      });
    },

    /** Membership history of one rule segment: who entered and left, newest first. */
    async history(actor: Actor, id: string, limit: number) {
      await load(actor.workspaceId, id);
      return rowsOf<{ contact_id: string; name: string; entered_at: string; left_at: string | null }>(
        db,
        sql`
        select m.contact_id, trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) as name, m.entered_at, m.left_at
        from segment_memberships m join contacts c on c.id = m.contact_id
        where m.workspace_id = ${actor.workspaceId} and m.kind = 'rule' and m.segment_key = ${id}
        order by greatest(m.entered_at, coalesce(m.left_at, m.entered_at)) desc limit ${limit}`,
      );
    },
  };
}
export type RuleSegmentsService = ReturnType<typeof createRuleSegmentsService>;
