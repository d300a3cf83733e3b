import type { Db, Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { AppError, notFound } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import { assertCanWrite, assertRole } from '../auth/access';
import type { MailService } from '../mail/mail.service';
import type { OutboxRow } from '../mail/mail.repo';
import { checkTemplate, renderTemplate, type MergeContext, type TemplateParts } from '../mail/mail.templates';
import {
  addWait,
  capDelay,
  contactZone,
  hourOfWeek,
  inWindow,
  nextSendTime,
  scheduleSend,
  validateWindow,
  type FrequencyCaps,
} from '@pipewise/ml/schedule/index';
import { bestHour, hourHistogram, isHoldout, posterior } from '@pipewise/ml/sendtime/index';
import { abVerdict, twoProportionTest } from '@pipewise/ml/metrics/proportions';
import { createSequencesRepo, type EnrolmentRow, type ItemRow, type SequenceRow, type StepRow } from './sequences.repo';
import type { ApprovalMode, EnrolmentStatus } from './sequences.schema';
import {
  DEFAULT_SETTINGS,
  settingsSchema,
  type SequenceSettings,
  type StepInput,
  type createInput,
  type patchInput,
} from './sequences.model';
import type { z } from '@hono/zod-openapi';

/** What sequences need to know about a contact (read through the contacts service). */
export type SequenceContact = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  country: string | null;
  timeZone: string | null;
  companyId: string | null;
  ownerId: string | null;
  fields: Record<string, unknown>;
};

export type SequencesDeps = {
  db: Db;
  clock: Clock;
  audit: AuditService;
  logger: Logger;
  mail: Pick<
    MailService,
    | 'enqueue'
    | 'mergeContextFor'
    | 'registerSendCheck'
    | 'onInbound'
    | 'onSent'
    | 'cancelQueued'
    | 'reasonNotToSend'
    | 'kickDrain'
  >;
  contactsOf(workspaceId: string, ids: string[]): Promise<SequenceContact[]>;
  /** Other contacts at the contact's company (for "exit when anyone at the company replies"). */
  companyContactIds(workspaceId: string, contactId: string): Promise<string[]>;
  segmentMembers(actor: Actor, segmentId: string): Promise<string[]>;
  dealsOf(workspaceId: string, contactId: string): Promise<{ createdAt: Date; status: string; amount: number }[]>;
  scoreTier?(workspaceId: string, contactId: string): Promise<string | null>;
  inSegment?(workspaceId: string, contactId: string, segmentId: string): Promise<boolean>;
  createTask(
    tx: Tx,
    actor: Actor,
    task: { contactId: string; ownerId: string | null; title: string; taskKind: string; dueAt: Date; body: string },
  ): Promise<string>;
};

export const sequencesActor = (workspaceId: string, id = 'sequences'): Actor => ({
  kind: 'system',
  id,
  userId: null,
  workspaceId,
  role: 'owner',
  name: 'Sequences',
  repsSeeUnassigned: true,
});

const DAY = 86_400_000;
/** An item a worker picked up that is due within this much is sent now rather than rescheduled. */
const SLACK_MS = 60_000;
/** Out-of-office: the enrolment pauses this long, then goes on. */
const OOO_PAUSE_DAYS = 3;
const MAX_STEPS_PER_PASS = 12;

type Variant = { key: string; subject: string; bodyText: string; bodyHtml?: string; weight: number };

/** Deterministic weighted choice: the same enrolment and step always get the same variant. */
export function pickVariant(variants: Variant[], key: string): Variant {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  const total = variants.reduce((a, v) => a + Math.max(0, v.weight), 0);
  if (total <= 0) return variants[0]!;
  let r = ((h >>> 0) / 4294967296) * total;
  for (const v of variants) {
    r -= Math.max(0, v.weight);
    if (r < 0) return v;
  }
  return variants[variants.length - 1]!;
}

/** Merge fields used without a fallback whose value is empty for this contact. */
export function missingFieldsOf(parts: TemplateParts, ctx: MergeContext): string[] {
  const out = new Set<string>();
  const re = /\{\{-?\s*([a-z_]+)(?:\.([a-z_]+))?\s*(\|[^}]*)?-?\}\}/g;
  for (const text of [parts.subject, parts.bodyText, parts.bodyHtml]) {
    for (const m of text.matchAll(re)) {
      if (m[3] && /\bdefault\b/.test(m[3])) continue;
      const root = (ctx as unknown as Record<string, unknown>)[m[1]!];
      const value = m[2] ? (root as Record<string, unknown> | undefined)?.[m[2]] : root;
      if (value === null || value === undefined || value === '') out.add(m[2] ? `${m[1]}.${m[2]}` : m[1]!);
    }
  }
  return [...out];
}

const reSubject = (s: string) => (/^re:/i.test(s) ? s : `Re: ${s}`);

export function createSequencesService(deps: SequencesDeps) {
  const { db, clock, audit, logger, mail } = deps;
  const repo = createSequencesRepo(db);

  const settingsOf = (s: SequenceRow): SequenceSettings => ({
    ...DEFAULT_SETTINGS,
    ...(s.settings as Partial<SequenceSettings>),
  });
  async function wsSettings(workspaceId: string, tx: Tx = db) {
    const s = await repo.settings(workspaceId, tx);
    return {
      timeZone: s?.timeZone ?? 'UTC',
      holidays: new Set(s?.holidays ?? []),
      holidayList: s?.holidays ?? [],
      caps: {
        perDays: { max: s?.capPerDaysMax ?? 1, days: s?.capPerDaysDays ?? 3 },
        perWeek: s?.capPerWeek ?? 3,
      } as FrequencyCaps,
      quietDays: s?.quietDaysAfterReply ?? 3,
      approvalDefault: (s?.approvalDefault ?? 'every') as ApprovalMode,
    };
  }

  async function load(actor: Actor, id: string, tx: Tx = db) {
    const s = await repo.getSequence(actor.workspaceId, id, tx);
    if (!s) throw notFound('sequence', id);
    return s;
  }

  function stepToRecord(st: StepRow) {
    return { id: st.id, position: st.position, kind: st.kind, ...(st.config as Omit<StepInput, 'id' | 'kind'>) };
  }

  function validateSteps(steps: StepInput[]) {
    steps.forEach((st, i) => {
      const need = { email: 'email', manual_email: 'email', task: 'task', wait: 'wait', branch: 'branch' }[st.kind];
      if (!(st as Record<string, unknown>)[need])
        throw new AppError('validation', `Invalid steps.${i}.${need}: a ${st.kind} step needs it`, {
          field: `steps.${i}.${need}`,
        });
      if (st.email) {
        const keys = new Set<string>();
        st.email.variants.forEach((v, j) => {
          if (keys.has(v.key))
            throw new AppError('validation', `Invalid steps.${i}.email.variants.${j}.key: "${v.key}" is used twice`, {
              field: `steps.${i}.email.variants.${j}.key`,
            });
          keys.add(v.key);
          try {
            checkTemplate({ subject: v.subject, bodyText: v.bodyText, bodyHtml: v.bodyHtml ?? '' }, st.email!.kind);
          } catch (e) {
            if (e instanceof AppError)
              throw new AppError('validation', `steps.${i}.email.variants.${j}.${e.message}`, {
                field: `steps.${i}.email.variants.${j}.${String((e.details as { field?: string })?.field ?? 'bodyText')}`,
              });
            throw e;
          }
        });
      }
      if (st.branch) {
        const c = st.branch.condition;
        if (
          (c.type === 'field' || c.type === 'segment' || c.type === 'score_tier') &&
          c.value === undefined &&
          c.op !== 'exists'
        )
          throw new AppError('validation', `Invalid steps.${i}.branch.condition.value: required for ${c.type}`, {
            field: `steps.${i}.branch.condition.value`,
          });
        if (c.type === 'field' && !c.field)
          throw new AppError('validation', `Invalid steps.${i}.branch.condition.field: required`, {
            field: `steps.${i}.branch.condition.field`,
          });
        if (st.branch.elseGoTo !== null && st.branch.elseGoTo > steps.length)
          throw new AppError('validation', `Invalid steps.${i}.branch.elseGoTo: there are only ${steps.length} steps`, {
            field: `steps.${i}.branch.elseGoTo`,
          });
      }
    });
  }

  // ---- Enrolment -------------------------------------------------------------------------------------------------

  /** The contacts' best local hour of the week from the last 90 days, shrunk toward the segment and workspace. */
  async function preferredHours(workspaceId: string, contacts: SequenceContact[], wsZone: string, segment: boolean) {
    const since = new Date(clock.now().getTime() - 90 * DAY);
    const all = await repo.engagementTimes(workspaceId, since, null);
    if (all.length === 0) return new Map<string, number | null>();
    const zoneOf = new Map(contacts.map((c) => [c.id, contactZone(c, wsZone).zone]));
    const events = all.map((r) => ({
      contactId: r.contact_id,
      hourOfWeek: hourOfWeek(new Date(r.at), zoneOf.get(r.contact_id) ?? wsZone),
    }));
    const workspaceHist = hourHistogram(events);
    const ids = new Set(contacts.map((c) => c.id));
    const segmentHist = segment ? hourHistogram(events.filter((e) => ids.has(e.contactId))) : null;
    const byContact = new Map<string, { hourOfWeek: number }[]>();
    for (const e of events)
      if (ids.has(e.contactId))
        (byContact.get(e.contactId) ?? byContact.set(e.contactId, []).get(e.contactId)!).push(e);
    return new Map(
      contacts.map((c) => [
        c.id,
        bestHour(posterior(hourHistogram(byContact.get(c.id) ?? []), segmentHist, workspaceHist)),
      ]),
    );
  }

  async function enrolContacts(
    actor: Actor,
    seq: SequenceRow,
    contactIds: string[],
    source: string,
    opts: { segment?: boolean } = {},
  ) {
    const ids = [...new Set(contactIds)];
    const settings = settingsOf(seq);
    const ws = await wsSettings(actor.workspaceId);
    const contacts = await deps.contactsOf(actor.workspaceId, ids);
    const byId = new Map(contacts.map((c) => [c.id, c]));
    const skipped: { contactId: string; reason: string }[] = [];
    const candidates: SequenceContact[] = [];
    for (const id of ids) {
      const c = byId.get(id);
      if (!c) skipped.push({ contactId: id, reason: 'no such contact' });
      else if (!c.email) skipped.push({ contactId: id, reason: 'no email address' });
      else candidates.push(c);
    }
    const now = clock.now();
    const hours = await preferredHours(actor.workspaceId, candidates, ws.timeZone, Boolean(opts.segment));
    const notContactable = new Map<string, string>();
    for (const c of candidates) {
      const why = await mail.reasonNotToSend(actor.workspaceId, c.id, c.email!, 'marketing');
      if (why) notContactable.set(c.id, why);
    }
    const enrolled = await db.transaction(async (tx) => {
      const latest = new Map(
        (
          await repo.latestEnrolments(
            tx,
            actor.workspaceId,
            seq.id,
            candidates.map((c) => c.id),
          )
        ).map((r) => [r.contact_id, r]),
      );
      const rows = [];
      for (const c of candidates) {
        const prev = latest.get(c.id);
        if (prev && (prev.status === 'active' || prev.status === 'paused')) {
          skipped.push({ contactId: c.id, reason: 'already in this sequence' });
          continue;
        }
        if (prev) {
          const after = settings.reenrolAfterDays;
          const endedAt = prev.ended_at ? new Date(prev.ended_at) : now;
          if (after === null) {
            skipped.push({ contactId: c.id, reason: 'was in this sequence before (re-enrolment is off)' });
            continue;
          }
          if (now.getTime() - endedAt.getTime() < after * DAY) {
            skipped.push({ contactId: c.id, reason: `left this sequence less than ${after} days ago` });
            continue;
          }
        }
        const suppressed = notContactable.get(c.id);
        if (suppressed) {
          skipped.push({ contactId: c.id, reason: `not contactable: ${suppressed}` });
          continue;
        }
        const id = crypto.randomUUID();
        const holdout = isHoldout(id, settings.holdoutShare);
        rows.push({
          id,
          workspaceId: actor.workspaceId,
          sequenceId: seq.id,
          contactId: c.id,
          status: 'active' as const,
          currentStep: 0,
          nextAt: now,
          holdout,
          preferredHour: holdout ? null : (hours.get(c.id) ?? null),
          timeZone: contactZone(c, ws.timeZone).zone,
          source,
          enrolledAt: now,
          createdBy: actor.userId,
          updatedAt: now,
        });
      }
      const inserted = [];
      for (let i = 0; i < rows.length; i += 1000)
        inserted.push(...(await repo.insertEnrolments(tx, rows.slice(i, i + 1000))));
      const insertedIds = new Set(inserted.map((r) => r.contactId));
      for (const r of rows)
        if (!insertedIds.has(r.contactId)) skipped.push({ contactId: r.contactId, reason: 'already in this sequence' });
      if (inserted.length)
        await audit.record(tx, actor, {
          action: 'sequence.enrol',
          entityType: 'sequence',
          entityId: seq.id,
          after: { enrolled: inserted.length, source, contactIds: inserted.slice(0, 100).map((r) => r.contactId) },
        });
      return inserted.length;
    });
    return { enrolled, skipped };
  }

  // ---- Running ---------------------------------------------------------------------------------------------------

  async function exitEnrolment(
    tx: Tx,
    actor: Actor,
    e: EnrolmentRow,
    reason: string,
    status: EnrolmentStatus = 'exited',
  ) {
    const now = clock.now();
    const done = await repo.updateEnrolment(
      tx,
      e.workspaceId,
      e.id,
      { status, exitReason: status === 'exited' ? reason : null, nextAt: null, endedAt: now, updatedAt: now },
      ['active', 'paused'],
    );
    if (!done) return null;
    // Completing leaves the last email in the outbox; an exit takes back whatever was not sent yet.
    const pending = status === 'completed' ? [] : await repo.pendingItemsOfEnrolment(tx, e.workspaceId, e.id);
    const outboxIds = pending.filter((i) => i.state === 'queued' && i.outboxId).map((i) => i.outboxId!);
    if (outboxIds.length)
      await mail.cancelQueued(tx, actor, outboxIds, `the sequence ended for this contact (${reason})`);
    for (const i of pending)
      await repo.updateItem(tx, e.workspaceId, i.id, { state: 'cancelled', rejectReason: reason, updatedAt: now });
    await audit.record(tx, actor, {
      action: status === 'completed' ? 'sequence.enrolment.complete' : 'sequence.enrolment.exit',
      entityType: 'sequence_enrolment',
      entityId: e.id,
      before: { status: e.status },
      after: { status, reason },
    });
    return done;
  }

  async function evaluateBranch(
    e: EnrolmentRow,
    c: SequenceContact,
    cond: NonNullable<StepInput['branch']>['condition'],
  ) {
    if (cond.type === 'opened' || cond.type === 'clicked' || cond.type === 'replied') {
      const items = await repo.itemsOfEnrolment(e.workspaceId, e.id);
      const col = { opened: 'openedAt', clicked: 'clickedAt', replied: 'repliedAt' }[cond.type] as keyof ItemRow;
      return items.some((i) => i[col] !== null);
    }
    if (cond.type === 'score_tier') return (await deps.scoreTier?.(e.workspaceId, c.id)) === String(cond.value ?? '');
    if (cond.type === 'segment')
      return (await deps.inSegment?.(e.workspaceId, c.id, String(cond.value ?? ''))) ?? false;
    const v = c.fields[cond.field ?? ''];
    const want = cond.value;
    switch (cond.op ?? 'eq') {
      case 'exists':
        return v !== null && v !== undefined && v !== '';
      case 'neq':
        return String(v ?? '') !== String(want ?? '');
      case 'contains':
        return String(v ?? '')
          .toLowerCase()
          .includes(String(want ?? '').toLowerCase());
      case 'gt':
        return Number(v) > Number(want);
      case 'lt':
        return Number(v) < Number(want);
      default:
        return String(v ?? '') === String(want ?? '');
    }
  }

  /** Renders a variant for the contact; missing merge values are named instead of throwing. */
  async function draft(workspaceId: string, contactId: string, mailboxId: string | null, parts: TemplateParts) {
    const { context, sender, contact } = await mail.mergeContextFor(workspaceId, contactId, mailboxId);
    const missing = missingFieldsOf(parts, context);
    if (missing.length) return { missing, rendered: null, sender, contact };
    try {
      const rendered = await renderTemplate(parts, context);
      return { missing: [] as string[], rendered, sender, contact };
    } catch (e) {
      if (e instanceof AppError) {
        const m = /\{\{\s*([a-z_.]+)/.exec(e.message);
        return {
          missing: [m?.[1] ?? String((e.details as { field?: string })?.field ?? 'a merge field')],
          rendered: null,
          sender,
          contact,
        };
      }
      throw e;
    }
  }

  async function queueEmail(
    tx: Tx,
    actor: Actor,
    e: EnrolmentRow,
    item: ItemRow,
    mailboxId: string,
    kind: 'marketing' | 'transactional',
    rendered: { subject: string; text: string; html: string },
    sendAfter: Date,
  ) {
    const thread = e.thread;
    const subject = thread ? reSubject(thread.subject) : rendered.subject;
    const { row } = await mail.enqueue(tx, actor, {
      workspaceId: e.workspaceId,
      mailboxId,
      contactId: e.contactId,
      dedupeKey: `seq:${e.id}:${item.stepId}:${item.variantKey ?? 'A'}`,
      kind,
      source: 'sequence',
      sourceRef: {
        enrolmentId: e.id,
        stepId: item.stepId,
        variant: item.variantKey,
        itemId: item.id,
        sequenceId: e.sequenceId,
      },
      toAddress: item.toAddress!,
      rendered: { ...rendered, subject },
      sendAfter,
      replyTo: thread
        ? { messageId: thread.messageId, references: thread.references, threadId: thread.threadId }
        : null,
    });
    const now = clock.now();
    await repo.updateItem(tx, e.workspaceId, item.id, {
      state: 'queued',
      outboxId: row.id,
      subject,
      bodyText: rendered.text,
      bodyHtml: rendered.html,
      scheduledFor: sendAfter,
      updatedAt: now,
    });
    const nextThread = {
      messageId: row.messageId,
      references: row.references,
      threadId: row.threadId,
      subject: thread?.subject ?? rendered.subject,
    };
    return nextThread;
  }

  /**
   * Runs an enrolment's due steps, one transaction per step with the enrolment locked. What a step needs from other
   * modules (contact, consent, deals, merge values) is read before its transaction: PGlite has one connection.
   */
  async function processEnrolment(enrolmentId: string, workspaceId: string): Promise<string> {
    let did = 'waiting';
    for (let pass = 0; pass < MAX_STEPS_PER_PASS; pass++) {
      const r = await processStep(enrolmentId, workspaceId);
      if (r.what !== 'continue') return r.what === 'idle' ? did : r.what;
      did = r.did;
    }
    return did;
  }

  async function processStep(enrolmentId: string, workspaceId: string): Promise<{ what: string; did: string }> {
    const stop = (what: string) => ({ what, did: what });
    const go = (did: string) => ({ what: 'continue', did });
    const now = clock.now();
    const seen = await repo.getEnrolment(workspaceId, enrolmentId);
    if (!seen || !seen.nextAt || seen.nextAt.getTime() > now.getTime()) return stop('idle');
    if (seen.status === 'paused' && seen.exitReason !== 'out_of_office') return stop('paused');
    if (seen.status !== 'active' && seen.status !== 'paused') return stop('idle');
    const actor = sequencesActor(workspaceId);
    const seq = (await repo.getSequence(workspaceId, seen.sequenceId))!;
    const [contact] = await deps.contactsOf(workspaceId, [seen.contactId]);
    const blocked = contact?.email
      ? await mail.reasonNotToSend(workspaceId, contact.id, contact.email, 'marketing')
      : null;
    const deals = contact ? await deps.dealsOf(workspaceId, contact.id) : [];
    const steps = await repo.steps(workspaceId, seq.id);
    const step = steps[seen.currentStep];
    const cfg = (step?.config ?? {}) as Omit<StepInput, 'id' | 'kind'>;
    // Reads a step needs, done before its transaction.
    let branchResult: boolean | null = null;
    if (contact && step?.kind === 'branch') branchResult = await evaluateBranch(seen, contact, cfg.branch!.condition);
    let variant: Variant | null = null;
    let drafted: Awaited<ReturnType<typeof draft>> | null = null;
    if (
      contact?.email &&
      (step?.kind === 'email' || step?.kind === 'manual_email') &&
      seq.status === 'active' &&
      !blocked
    ) {
      variant = pickVariant(cfg.email!.variants as Variant[], `${seen.id}:${step.id}`);
      drafted = await draft(workspaceId, contact.id, seq.mailboxId, {
        subject: variant.subject,
        bodyText: variant.bodyText,
        bodyHtml: variant.bodyHtml ?? '',
      });
    }

    return db.transaction(async (tx) => {
      if (!(await repo.lockEnrolment(tx, enrolmentId))) return stop('locked');
      let e = (await repo.getEnrolment(workspaceId, enrolmentId, tx))!;
      // Someone (an approval, an exit, another worker) moved it since the reads above: look again next pass.
      if (e.updatedAt.getTime() !== seen.updatedAt.getTime()) return stop('changed');
      if (e.status === 'paused') {
        e = (await repo.updateEnrolment(tx, workspaceId, e.id, {
          status: 'active',
          exitReason: null,
          updatedAt: now,
        }))!;
      }
      if (seq.status !== 'active') {
        await repo.updateEnrolment(tx, workspaceId, e.id, {
          nextAt: new Date(now.getTime() + 3_600_000),
          updatedAt: now,
        });
        return stop('sequence_not_active');
      }
      if (!contact || !contact.email) {
        await exitEnrolment(tx, actor, e, 'contact has no email address');
        return stop('exited');
      }
      // Exits that are checked rather than announced: consent, suppression, deals.
      if (blocked) {
        const reason = /unsubscribed/.test(blocked)
          ? 'unsubscribed'
          : /bounce/.test(blocked)
            ? 'hard_bounce'
            : /do.not.contact/.test(blocked)
              ? 'do_not_contact'
              : /erased/.test(blocked)
                ? 'erased'
                : 'consent_withdrawn';
        await exitEnrolment(tx, actor, e, reason);
        return stop('exited');
      }
      const newDeal = deals.find((d) => d.createdAt.getTime() >= e.enrolledAt.getTime());
      if (newDeal) {
        await exitEnrolment(tx, actor, e, newDeal.status === 'won' ? 'deal_won' : 'deal_created');
        return stop('exited');
      }
      if (!step) {
        await exitEnrolment(tx, actor, e, 'completed', 'completed');
        return stop('completed');
      }
      const settings = settingsOf(seq);
      const ws = await wsSettings(workspaceId, tx);
      const zone = e.timeZone ?? ws.timeZone;
      const due = e.nextAt!;
      const advance = async (values: Partial<EnrolmentRow>) => {
        e = (await repo.updateEnrolment(tx, workspaceId, e.id, { ...values, updatedAt: clock.now() }))!;
      };
      if (step.kind === 'wait') {
        await advance({
          currentStep: e.currentStep + 1,
          nextAt: addWait(due, zone, cfg.wait!.amount, cfg.wait!.unit, ws.holidays),
        });
        return go('waiting');
      }
      if (step.kind === 'branch') {
        await advance({ currentStep: branchResult ? e.currentStep + 1 : (cfg.branch!.elseGoTo ?? steps.length) });
        return go('branched');
      }
      if (step.kind === 'task') {
        const item = await repo.insertItem(tx, {
          workspaceId,
          sequenceId: seq.id,
          enrolmentId: e.id,
          stepId: step.id,
          contactId: contact.id,
          kind: 'task',
          state: 'done',
          createdAt: now,
          updatedAt: now,
        });
        if (item) {
          const activityId = await deps.createTask(tx, actor, {
            contactId: contact.id,
            ownerId: contact.ownerId ?? seq.createdBy,
            title: cfg.task!.title,
            taskKind: cfg.task!.taskKind,
            dueAt: new Date(now.getTime() + cfg.task!.dueInDays * DAY),
            body: `From the sequence "${seq.name}"`,
          });
          await repo.updateItem(tx, workspaceId, item.id, { activityId });
        }
        await advance({ currentStep: e.currentStep + 1, nextAt: now });
        return go('task');
      }
      // An email step.
      const existing = await repo.itemFor(tx, workspaceId, e.id, step.id);
      if (existing) {
        if (existing.state === 'pending_approval') {
          await advance({ nextAt: null });
          return stop('awaiting_approval');
        }
        await advance({ currentStep: e.currentStep + 1, nextAt: now });
        return go('skipped');
      }
      const kind = cfg.email!.kind ?? 'marketing';
      const recent =
        kind === 'marketing'
          ? await repo.recentSends(workspaceId, contact.id, new Date(now.getTime() - 8 * DAY), tx)
          : [];
      const slot = scheduleSend({
        due: due.getTime() < now.getTime() - SLACK_MS ? now : due,
        zone,
        window: settings.sendWindow,
        holidays: ws.holidays,
        preferredHourOfWeek: e.holdout ? null : e.preferredHour,
        previousMarketing: recent,
        caps: ws.caps,
        lastReplyAt: e.lastReplyAt,
        quietDays: ws.quietDays,
      });
      if (!slot) {
        await exitEnrolment(tx, actor, e, 'no day open for sending (send window and holidays)');
        return stop('exited');
      }
      if (slot.getTime() > now.getTime() + SLACK_MS) {
        await advance({ nextAt: slot });
        return stop('scheduled');
      }
      const d = drafted!;
      const approvalReason =
        d.missing.length > 0
          ? 'missing_merge_value'
          : step.kind === 'manual_email'
            ? 'manual_step'
            : seq.approvalMode === 'every' ||
                (seq.approvalMode === 'first' && !(await repo.approvedBefore(tx, workspaceId, e.id)))
              ? 'approval_mode'
              : null;
      const item = (await repo.insertItem(tx, {
        workspaceId,
        sequenceId: seq.id,
        enrolmentId: e.id,
        stepId: step.id,
        contactId: contact.id,
        kind: step.kind,
        variantKey: variant!.key,
        state: approvalReason ? 'pending_approval' : 'queued',
        approvalReason,
        missingFields: d.missing,
        toAddress: contact.email,
        subject: d.rendered ? (e.thread ? reSubject(e.thread.subject) : d.rendered.subject) : variant!.subject,
        bodyText: d.rendered ? d.rendered.text : variant!.bodyText,
        bodyHtml: d.rendered ? d.rendered.html : variant!.bodyHtml || null,
        scheduledFor: slot,
        createdAt: now,
        updatedAt: now,
      }))!;
      if (approvalReason) {
        await advance({ nextAt: null });
        return stop('awaiting_approval');
      }
      const thread = await queueEmail(tx, actor, e, item, d.sender.id, kind, d.rendered!, now);
      await advance({ currentStep: e.currentStep + 1, nextAt: now, thread });
      return go('queued');
    });
  }

  /** One pass: every due enrolment (all workspaces), in batches; safe in several workers (rows are locked). */
  async function run(opts: { limit?: number; batch?: number } = {}) {
    const tally: Record<string, number> = {};
    const limit = opts.limit ?? 100_000;
    let done = 0;
    const seen = new Set<string>();
    while (done < limit) {
      const due = (await repo.dueEnrolments(clock.now(), opts.batch ?? 500)).filter((r) => !seen.has(r.id));
      if (due.length === 0) break;
      for (const e of due) {
        seen.add(e.id);
        const what = await processEnrolment(e.id, e.workspaceId).catch((err: unknown) => {
          logger.warn({ err: String(err), enrolment: e.id }, 'sequence step failed');
          return 'error';
        });
        tally[what] = (tally[what] ?? 0) + 1;
        done++;
      }
    }
    if (tally.queued) mail.kickDrain?.();
    return tally;
  }

  // ---- Checks and events from mail -------------------------------------------------------------------------------

  /** Right before the outbox sends a sequence email: the enrolment must still be on, inside the window and caps. */
  async function sendCheck(row: OutboxRow) {
    const item = await repo.itemByOutbox(row.workspaceId, row.id);
    if (!item) return null;
    const e = await repo.getEnrolment(row.workspaceId, item.enrolmentId);
    if (!e || e.status === 'exited' || e.status === 'completed') {
      if (!e || e.status === 'exited') return `the contact left the sequence (${e?.exitReason ?? 'removed'})`;
    }
    const now = clock.now();
    if (e && e.status === 'paused')
      return {
        deferUntil: new Date(Math.max(now.getTime() + 3_600_000, e.nextAt?.getTime() ?? 0)),
        reason: 'the enrolment is paused',
      };
    const seq = await repo.getSequence(row.workspaceId, item.sequenceId);
    if (!seq || seq.status === 'archived') return 'the sequence was archived';
    if (seq.status !== 'active')
      return { deferUntil: new Date(now.getTime() + 3_600_000), reason: 'the sequence is paused' };
    const ws = await wsSettings(row.workspaceId);
    const zone = e?.timeZone ?? ws.timeZone;
    const window = settingsOf(seq).sendWindow;
    // A late drain can slip past the end of the window: it goes out at the next opening instead.
    if (!inWindow(now, zone, window, ws.holidays)) {
      const next = nextSendTime(now, zone, window, ws.holidays);
      return next ? { deferUntil: next, reason: 'outside the send window' } : 'no day open for sending';
    }
    if (row.kind === 'marketing') {
      const sent = await repo.recentSentTimes(
        row.workspaceId,
        item.contactId,
        item.id,
        new Date(now.getTime() - 8 * DAY),
      );
      const later = capDelay(now, sent, ws.caps);
      if (later) return { deferUntil: later, reason: 'the contact had enough email this week (frequency cap)' };
    }
    return null;
  }

  async function onInbound(event: Parameters<Parameters<MailService['onInbound']>[0]>[0]) {
    const row = event.outbox;
    const ws = row.workspaceId;
    const actor = sequencesActor(ws, 'sequences.inbound');
    const column = event.kind === 'reply' ? 'replied_at' : event.kind === 'bounce' ? 'bounced_at' : null;
    if (column) await repo.markItem(ws, row.id, column, event.at);
    if (!row.contactId) return;
    const contactIds = [row.contactId];
    if (event.kind === 'reply') {
      // Anyone at the company, for the sequences that ask for it.
      const colleagues = await deps.companyContactIds(ws, row.contactId);
      const open = await repo.openEnrolmentsOf(ws, [row.contactId, ...colleagues]);
      const seqs = new Map<string, SequenceRow>();
      await db.transaction(async (tx) => {
        for (const e of open) {
          if (e.contactId !== row.contactId) {
            const s = seqs.get(e.sequenceId) ?? (await repo.getSequence(ws, e.sequenceId, tx))!;
            seqs.set(s.id, s);
            if (!settingsOf(s).exitOnCompanyReply) continue;
          }
          await repo.updateEnrolment(tx, ws, e.id, { lastReplyAt: event.at });
          await exitEnrolment(tx, actor, e, e.contactId === row.contactId ? 'replied' : 'colleague_replied');
        }
      });
      return;
    }
    const open = await repo.openEnrolmentsOf(ws, contactIds);
    await db.transaction(async (tx) => {
      for (const e of open) {
        if (event.kind === 'bounce') await exitEnrolment(tx, actor, e, 'hard_bounce');
        else if (e.status === 'active') {
          // Out of office: pause, then go on by itself.
          const resumeAt = new Date(event.at.getTime() + OOO_PAUSE_DAYS * DAY);
          const pending = await repo.pendingItemsOfEnrolment(tx, ws, e.id);
          await repo.updateEnrolment(tx, ws, e.id, {
            status: 'paused',
            exitReason: 'out_of_office',
            nextAt: resumeAt,
            updatedAt: clock.now(),
          });
          void pending;
          await audit.record(tx, actor, {
            action: 'sequence.enrolment.pause',
            entityType: 'sequence_enrolment',
            entityId: e.id,
            after: { reason: 'out_of_office', resumeAt },
          });
        }
      }
    });
  }

  mail.registerSendCheck('sequence', sendCheck);
  mail.onInbound(onInbound);
  mail.onSent(async (row) => {
    if (row.source === 'sequence') await repo.markSentByOutbox(row.workspaceId, row.id, row.sentAt ?? clock.now());
  });

  // ---- Approvals -------------------------------------------------------------------------------------------------

  async function approveOne(actor: Actor, id: string, edits: z.infer<typeof import('./sequences.model').approveInput>) {
    const item = await repo.getItem(actor.workspaceId, id);
    if (!item) throw notFound('approval', id);
    if (item.state !== 'pending_approval')
      throw new AppError('conflict', `This email is ${item.state.replace('_', ' ')}, not waiting for approval`, {
        field: 'id',
      });
    const seq = await load(actor, item.sequenceId);
    const step = (await repo.allSteps(actor.workspaceId, seq.id)).find((s) => s.id === item.stepId);
    const kind = ((step?.config as StepInput | undefined)?.email?.kind ?? 'marketing') as 'marketing' | 'transactional';
    const edited = edits.subject !== undefined || edits.bodyText !== undefined || edits.bodyHtml !== undefined;
    let rendered: { subject: string; text: string; html: string };
    let mailboxId: string;
    if (edited || item.missingFields.length > 0) {
      const parts = {
        subject: edits.subject ?? item.subject ?? '',
        bodyText: edits.bodyText ?? item.bodyText ?? '',
        bodyHtml: edits.bodyHtml ?? (edited ? '' : (item.bodyHtml ?? '')),
      };
      checkTemplate(parts, kind);
      const d = await draft(actor.workspaceId, item.contactId, seq.mailboxId, parts);
      if (!d.rendered)
        throw new AppError(
          'validation',
          `Still missing values for ${d.missing.join(', ')}: edit the text or add a fallback`,
          {
            field: 'bodyText',
            missingFields: d.missing,
          },
        );
      rendered = d.rendered;
      mailboxId = d.sender.id;
    } else {
      const d = await mail.mergeContextFor(actor.workspaceId, item.contactId, seq.mailboxId);
      rendered = { subject: item.subject ?? '', text: item.bodyText ?? '', html: item.bodyHtml ?? '' };
      mailboxId = d.sender.id;
    }
    const now = clock.now();
    return db.transaction(async (tx) => {
      if (!(await repo.lockEnrolment(tx, item.enrolmentId)))
        throw new AppError('conflict', 'This enrolment is being processed; try again in a moment', { field: 'id' });
      const e = (await repo.getEnrolment(actor.workspaceId, item.enrolmentId, tx))!;
      if (e.status !== 'active' && e.status !== 'paused')
        throw new AppError('conflict', `The contact left the sequence (${e.exitReason ?? e.status})`, { field: 'id' });
      const sendAfter = item.scheduledFor && item.scheduledFor > now ? item.scheduledFor : now;
      const thread = await queueEmail(tx, actor, e, item, mailboxId, kind, rendered, sendAfter);
      await repo.updateItem(tx, actor.workspaceId, item.id, { decidedBy: actor.userId, updatedAt: now });
      const steps = await repo.steps(actor.workspaceId, seq.id, tx);
      const position = steps.findIndex((s) => s.id === item.stepId);
      if (position >= 0 && position === e.currentStep)
        await repo.updateEnrolment(tx, actor.workspaceId, e.id, {
          currentStep: position + 1,
          nextAt: e.status === 'active' ? now : e.nextAt,
          thread,
          updatedAt: now,
        });
      await audit.record(tx, actor, {
        action: 'sequence.approval.approve',
        entityType: 'sequence_item',
        entityId: item.id,
        after: { edited, subject: rendered.subject },
      });
      return { id: item.id, state: 'queued' as const };
    });
  }

  return {
    repo,
    run,
    processEnrolment,
    sendCheck,
    onInbound,

    async settings(actor: Actor) {
      const s = await wsSettings(actor.workspaceId);
      return {
        timeZone: s.timeZone,
        holidays: s.holidayList,
        caps: { perDaysMax: s.caps.perDays.max, perDaysDays: s.caps.perDays.days, perWeek: s.caps.perWeek },
        quietDaysAfterReply: s.quietDays,
        approvalDefault: s.approvalDefault,
      };
    },
    async updateSettings(
      actor: Actor,
      input: {
        timeZone: string;
        holidays: string[];
        caps: { perDaysMax: number; perDaysDays: number; perWeek: number };
        quietDaysAfterReply: number;
        approvalDefault: ApprovalMode;
      },
    ) {
      assertRole(actor, 'admin');
      if (input.approvalDefault !== 'every') assertRole(actor, 'owner');
      if (!Intl.supportedValuesOf('timeZone').includes(input.timeZone) && input.timeZone !== 'UTC')
        throw new AppError('validation', `Invalid timeZone: "${input.timeZone}" is not an IANA time zone`, {
          field: 'timeZone',
        });
      const before = await this.settings(actor);
      await db.transaction(async (tx) => {
        await repo.upsertSettings(tx, {
          workspaceId: actor.workspaceId,
          timeZone: input.timeZone,
          holidays: input.holidays,
          capPerDaysMax: input.caps.perDaysMax,
          capPerDaysDays: input.caps.perDaysDays,
          capPerWeek: input.caps.perWeek,
          quietDaysAfterReply: input.quietDaysAfterReply,
          approvalDefault: input.approvalDefault,
          updatedAt: clock.now(),
        });
        await audit.record(tx, actor, {
          action: 'sequence_settings.update',
          entityType: 'sequence_settings',
          entityId: actor.workspaceId,
          before,
          after: input,
        });
      });
      return this.settings(actor);
    },

    async list(actor: Actor) {
      const [rows, counts] = await Promise.all([
        repo.sequenceRows(actor.workspaceId),
        repo.listSequences(actor.workspaceId),
      ]);
      const byId = new Map(counts.map((c) => [c.id, c]));
      return rows.map((s) => ({
        id: s.id,
        name: s.name,
        status: s.status,
        approvalMode: s.approvalMode,
        mailboxId: s.mailboxId,
        steps: byId.get(s.id)?.steps ?? 0,
        activeEnrolments: byId.get(s.id)?.active ?? 0,
        createdAt: s.createdAt.toISOString(),
      }));
    },
    async get(actor: Actor, id: string) {
      const s = await load(actor, id);
      const steps = await repo.steps(actor.workspaceId, id);
      const active = (await repo.listSequences(actor.workspaceId)).find((c) => c.id === id)?.active ?? 0;
      return {
        id: s.id,
        name: s.name,
        status: s.status,
        approvalMode: s.approvalMode,
        mailboxId: s.mailboxId,
        activeEnrolments: active,
        createdAt: s.createdAt.toISOString(),
        stepCount: steps.length,
        steps: steps.map(stepToRecord),
        settings: settingsOf(s),
      };
    },
    async create(actor: Actor, input: z.infer<typeof createInput>) {
      assertCanWrite(actor);
      const ws = await wsSettings(actor.workspaceId);
      const approvalMode = input.approvalMode ?? ws.approvalDefault;
      if (approvalMode !== 'every' && ws.approvalDefault === 'every') assertRole(actor, 'owner');
      const now = clock.now();
      const row = await db
        .transaction(async (tx) => {
          const s = await repo.insertSequence(tx, {
            workspaceId: actor.workspaceId,
            name: input.name,
            approvalMode,
            mailboxId: input.mailboxId ?? null,
            settings: DEFAULT_SETTINGS,
            createdBy: actor.userId,
            createdAt: now,
            updatedAt: now,
          });
          await audit.record(tx, actor, {
            action: 'sequence.create',
            entityType: 'sequence',
            entityId: s.id,
            after: s,
          });
          return s;
        })
        .catch((e: unknown) => {
          if (String((e as { cause?: { message?: string } }).cause?.message ?? e).includes('foreign key'))
            throw new AppError('validation', 'Invalid mailboxId: no such mailbox', { field: 'mailboxId' });
          throw e;
        });
      return this.get(actor, row.id);
    },
    async update(actor: Actor, id: string, input: z.infer<typeof patchInput>) {
      assertCanWrite(actor);
      const s = await load(actor, id);
      const ws = await wsSettings(actor.workspaceId);
      // Until the owner lets go of "approve every email", only the owner may switch a sequence off it.
      if (input.approvalMode && input.approvalMode !== 'every' && input.approvalMode !== s.approvalMode)
        assertRole(actor, ws.approvalDefault === 'every' ? 'owner' : 'manager');
      const settings = input.settings ? settingsSchema.parse({ ...settingsOf(s), ...input.settings }) : undefined;
      if (settings) {
        const bad = validateWindow(settings.sendWindow);
        if (bad)
          throw new AppError('validation', `Invalid settings.${bad}`, { field: `settings.${bad.split(':')[0]}` });
      }
      if (input.status === 'active' && (await repo.steps(actor.workspaceId, id)).length === 0)
        throw new AppError('validation', 'Invalid status: add steps before activating the sequence', {
          field: 'status',
        });
      const now = clock.now();
      await db
        .transaction(async (tx) => {
          const after = await repo.updateSequence(tx, actor.workspaceId, id, {
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.status !== undefined ? { status: input.status } : {}),
            ...(input.approvalMode !== undefined ? { approvalMode: input.approvalMode } : {}),
            ...(input.mailboxId !== undefined ? { mailboxId: input.mailboxId } : {}),
            ...(settings ? { settings } : {}),
            updatedAt: now,
          });
          await audit.record(tx, actor, {
            action: 'sequence.update',
            entityType: 'sequence',
            entityId: id,
            before: {
              name: s.name,
              status: s.status,
              approvalMode: s.approvalMode,
              mailboxId: s.mailboxId,
              settings: s.settings,
            },
            after: after
              ? {
                  name: after.name,
                  status: after.status,
                  approvalMode: after.approvalMode,
                  mailboxId: after.mailboxId,
                  settings: after.settings,
                }
              : null,
          });
        })
        .catch((e: unknown) => {
          if (String((e as { cause?: { message?: string } }).cause?.message ?? e).includes('foreign key'))
            throw new AppError('validation', 'Invalid mailboxId: no such mailbox', { field: 'mailboxId' });
          throw e;
        });
      return this.get(actor, id);
    },
    async replaceSteps(actor: Actor, id: string, steps: StepInput[]) {
      assertCanWrite(actor);
      const s = await load(actor, id);
      validateSteps(steps);
      const before = (await repo.steps(actor.workspaceId, id)).map(stepToRecord);
      const known = new Set((await repo.allSteps(actor.workspaceId, id)).map((st) => st.id));
      const now = clock.now();
      await db.transaction(async (tx) => {
        await repo.markStepsRemoved(tx, actor.workspaceId, id);
        for (const [position, st] of steps.entries()) {
          const { id: stepId, kind, ...config } = st;
          if (stepId && !known.has(stepId))
            throw new AppError('validation', `Invalid steps.${position}.id: not a step of this sequence`, {
              field: `steps.${position}.id`,
            });
          if (stepId) await repo.updateStep(tx, actor.workspaceId, stepId, { position, kind, config, removed: false });
          else
            await repo.insertStep(tx, {
              workspaceId: actor.workspaceId,
              sequenceId: s.id,
              position,
              kind,
              config,
              createdAt: now,
            });
        }
        await repo.updateSequence(tx, actor.workspaceId, id, { updatedAt: now });
        await audit.record(tx, actor, {
          action: 'sequence.steps.replace',
          entityType: 'sequence',
          entityId: id,
          before: { steps: before },
          after: { steps },
        });
      });
      return this.get(actor, id);
    },

    async enrol(actor: Actor, id: string, input: { contactIds?: string[]; segmentId?: string }) {
      assertCanWrite(actor);
      const seq = await load(actor, id);
      if (seq.status === 'archived')
        throw new AppError('validation', 'This sequence is archived: nobody can be enrolled', { field: 'id' });
      if (!input.contactIds?.length && !input.segmentId)
        throw new AppError('validation', 'Invalid contactIds: give contactIds or a segmentId', { field: 'contactIds' });
      const ids = [...(input.contactIds ?? [])];
      if (input.segmentId) ids.push(...(await deps.segmentMembers(actor, input.segmentId)));
      return enrolContacts(actor, seq, ids, input.segmentId ? `segment:${input.segmentId}` : 'manual', {
        segment: Boolean(input.segmentId),
      });
    },
    async listEnrolments(actor: Actor, id: string, status: EnrolmentStatus | undefined, limit = 500) {
      await load(actor, id);
      const rows = await repo.listEnrolments(actor.workspaceId, id, status, limit);
      const contacts = new Map(
        (
          await deps.contactsOf(
            actor.workspaceId,
            rows.map((r) => r.contactId),
          )
        ).map((c) => [c.id, c]),
      );
      return rows.map((r) => ({
        id: r.id,
        contactId: r.contactId,
        contactName: contacts.get(r.contactId)?.name ?? '',
        email: contacts.get(r.contactId)?.email ?? null,
        status: r.status,
        currentStep: r.currentStep,
        nextAt: r.nextAt?.toISOString() ?? null,
        exitReason: r.exitReason,
        holdout: r.holdout,
      }));
    },
    async setEnrolmentState(actor: Actor, id: string, action: 'exit' | 'pause' | 'resume', reason?: string) {
      assertCanWrite(actor);
      const e = await repo.getEnrolment(actor.workspaceId, id);
      if (!e) throw notFound('enrolment', id);
      const now = clock.now();
      return db.transaction(async (tx) => {
        if (action === 'exit') {
          const done = await exitEnrolment(tx, actor, e, reason ? `manual: ${reason}` : 'manual');
          if (!done) throw new AppError('conflict', `This enrolment is already ${e.status}`, { field: 'id' });
          return { id, status: done.status };
        }
        const from: EnrolmentStatus = action === 'pause' ? 'active' : 'paused';
        const done = await repo.updateEnrolment(
          tx,
          actor.workspaceId,
          id,
          action === 'pause'
            ? { status: 'paused', exitReason: reason ? `paused: ${reason}` : 'paused by hand', updatedAt: now }
            : {
                status: 'active',
                exitReason: null,
                nextAt: e.nextAt && e.nextAt > now ? e.nextAt : now,
                updatedAt: now,
              },
          [from],
        );
        if (!done)
          throw new AppError('conflict', `This enrolment is ${e.status}; ${action} applies to ${from} ones`, {
            field: 'id',
          });
        await audit.record(tx, actor, {
          action: `sequence.enrolment.${action}`,
          entityType: 'sequence_enrolment',
          entityId: id,
          before: { status: e.status },
          after: { status: done.status, reason: reason ?? null },
        });
        return { id, status: done.status };
      });
    },

    /**
     * For the ROI report. Sequences hold nobody back from sending (their holdout only changes the send time), so
     * there is no untreated group to compare with: the holdout figures are 0 and the report says so.
     */
    async outcomesSince(workspaceId: string, since: Date) {
      const o = await repo.outcomesSince(workspaceId, since);
      return o.enrolled === 0 ? null : { ...o, holdout: 0, holdoutConverted: 0 };
    },

    /** For the chatbot and website modules: a new lead from a form or a chat enrols in the sequences that say so. */
    async onLeadCaptured(input: { workspaceId: string; contactId: string; source: 'form' | 'chat' }) {
      return this.onTrigger(input.workspaceId, input.contactId, {
        type: input.source === 'form' ? 'form_lead' : 'chat_lead',
      });
    },
    /** A trigger event (segment entry, lifecycle change, score tier, deal stage, lead) for one contact. */
    async onTrigger(
      workspaceId: string,
      contactId: string,
      event: { type: SequenceSettings['triggers'][number]['type']; value?: string },
    ) {
      const actor = sequencesActor(workspaceId, `sequences.trigger.${event.type}`);
      let enrolled = 0;
      for (const seq of await repo.sequenceRows(workspaceId)) {
        if (seq.status !== 'active') continue;
        const hit = settingsOf(seq).triggers.some(
          (t) => t.type === event.type && (t.value === undefined || t.value === '' || t.value === event.value),
        );
        if (hit) enrolled += (await enrolContacts(actor, seq, [contactId], `trigger:${event.type}`)).enrolled;
      }
      return { enrolled };
    },

    async approvals(actor: Actor, limit = 200) {
      const items = await repo.pendingApprovals(actor.workspaceId, limit);
      const seqs = new Map((await repo.sequenceRows(actor.workspaceId)).map((s) => [s.id, s]));
      const contacts = new Map(
        (
          await deps.contactsOf(
            actor.workspaceId,
            items.map((i) => i.contactId),
          )
        ).map((c) => [c.id, c]),
      );
      const visible =
        actor.role === 'rep'
          ? items.filter((i) => {
              const c = contacts.get(i.contactId);
              return c && (c.ownerId === actor.userId || (c.ownerId === null && actor.repsSeeUnassigned));
            })
          : items;
      return visible.map((i) => ({
        id: i.id,
        sequenceId: i.sequenceId,
        sequenceName: seqs.get(i.sequenceId)?.name ?? '',
        enrolmentId: i.enrolmentId,
        contactId: i.contactId,
        contactName: contacts.get(i.contactId)?.name ?? '',
        to: i.toAddress,
        subject: i.subject ?? '',
        bodyText: i.bodyText ?? '',
        bodyHtml: i.bodyHtml,
        scheduledFor: i.scheduledFor?.toISOString() ?? null,
        reason: (i.approvalReason ?? 'approval_mode') as 'approval_mode' | 'missing_merge_value' | 'manual_step',
        missingFields: i.missingFields,
      }));
    },
    async approve(actor: Actor, id: string, edits: z.infer<typeof import('./sequences.model').approveInput>) {
      assertCanWrite(actor);
      const r = await approveOne(actor, id, edits);
      mail.kickDrain?.();
      return r;
    },
    async approveMany(actor: Actor, ids: string[]) {
      assertCanWrite(actor);
      const results: { id: string; ok: boolean; error: string | null }[] = [];
      for (const id of ids) {
        try {
          await approveOne(actor, id, {});
          results.push({ id, ok: true, error: null });
        } catch (e) {
          results.push({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
        }
      }
      mail.kickDrain?.();
      return { approved: results.filter((r) => r.ok).length, results };
    },
    async reject(actor: Actor, id: string, reason: string) {
      assertCanWrite(actor);
      const item = await repo.getItem(actor.workspaceId, id);
      if (!item) throw notFound('approval', id);
      const now = clock.now();
      return db.transaction(async (tx) => {
        const done = await repo.updateItem(
          tx,
          actor.workspaceId,
          id,
          { state: 'rejected', rejectReason: reason, decidedBy: actor.userId, updatedAt: now },
          'pending_approval',
        );
        if (!done)
          throw new AppError('conflict', `This email is ${item.state.replace('_', ' ')}, not waiting for approval`, {
            field: 'id',
          });
        // The contact goes on with the next step, as if this email had been skipped.
        const e = (await repo.getEnrolment(actor.workspaceId, item.enrolmentId, tx))!;
        const steps = await repo.steps(actor.workspaceId, item.sequenceId, tx);
        const position = steps.findIndex((s) => s.id === item.stepId);
        if (e.status === 'active' && position === e.currentStep)
          await repo.updateEnrolment(tx, actor.workspaceId, e.id, {
            currentStep: position + 1,
            nextAt: now,
            updatedAt: now,
          });
        await audit.record(tx, actor, {
          action: 'sequence.approval.reject',
          entityType: 'sequence_item',
          entityId: id,
          after: { reason },
        });
        return { id, state: 'rejected' as const };
      });
    },
    /** Opens and clicks from the tracking (owned by mail): first time only. */
    async recordEngagement(
      workspaceId: string,
      outboxId: string,
      kind: 'opened' | 'clicked' | 'unsubscribed',
      at: Date,
    ) {
      await repo.markItem(workspaceId, outboxId, `${kind}_at` as 'opened_at', at);
    },

    async analytics(actor: Actor, id: string) {
      const seq = await load(actor, id);
      const steps = await repo.allSteps(actor.workspaceId, id);
      const totals = await repo.enrolmentTotals(actor.workspaceId, id);
      const sum = (f: (r: (typeof totals)[number]) => boolean) => totals.filter(f).reduce((a, r) => a + r.n, 0);
      const counts = await repo.variantCounts(actor.workspaceId, id);
      const stepsOut = steps
        .filter((s) => s.kind === 'email' || s.kind === 'manual_email' || counts.some((c) => c.step_id === s.id))
        .filter((s) => !s.removed || counts.some((c) => c.step_id === s.id))
        .map((s) => ({
          stepId: s.id,
          position: s.position,
          kind: s.kind,
          variants: counts
            .filter((c) => c.step_id === s.id)
            .map((c) => ({
              key: c.variant_key ?? 'A',
              sent: c.sent,
              delivered: c.delivered,
              opened: c.opened,
              clicked: c.clicked,
              replied: c.replied,
              bounced: c.bounced,
              unsubscribed: c.unsubscribed,
            })),
        }));
      const abTests = stepsOut.flatMap((s) => {
        if (s.variants.length < 2) return [];
        const [a, b] = [...s.variants].sort((x, y) => x.key.localeCompare(y.key));
        return (['replied', 'opened'] as const).map((metric) => {
          const pa = { key: a!.key, n: a!.sent, x: a![metric] };
          const pb = { key: b!.key, n: b!.sent, x: b![metric] };
          const t = twoProportionTest(pa, pb);
          return {
            stepId: s.stepId,
            metric,
            a: pa,
            b: pb,
            pValue: t.pValue,
            confidence: t.confidence,
            verdict: abVerdict(pa, pb, metric === 'replied' ? 'replies' : 'opens'),
          };
        });
      });
      const outcomes = await repo.holdoutOutcomes(actor.workspaceId, id);
      const rate = (r: (typeof outcomes)[number] | undefined) => ({
        n: r?.n ?? 0,
        openRate: r && r.n ? r.opened / r.n : null,
        replyRate: r && r.n ? r.replied / r.n : null,
      });
      const holdout = rate(outcomes.find((r) => r.holdout));
      const optimised = rate(outcomes.find((r) => !r.holdout));
      const lift =
        holdout.openRate !== null && optimised.openRate !== null && holdout.openRate > 0
          ? optimised.openRate / holdout.openRate - 1
          : null;
      const h = outcomes.find((r) => r.holdout);
      const o = outcomes.find((r) => !r.holdout);
      const test =
        h && o
          ? twoProportionTest({ key: 'default time', n: h.n, x: h.opened }, { key: 'best time', n: o.n, x: o.opened })
          : null;
      const verdict =
        !h || !o || h.n < 30
          ? 'Too early to tell: the holdout needs at least 30 contacts who got an email'
          : lift !== null && test
            ? `Sending at each contact's best time ${lift >= 0 ? 'raises' : 'lowers'} opens by ${Math.abs(Math.round(lift * 100))}%; ${Math.floor(test.confidence * 100)}% confident`
            : 'No opens yet to compare';
      // Deals created after enrolment, and the revenue of those won.
      let deals = 0;
      let revenue = 0;
      const windows = await repo.enrolmentWindows(actor.workspaceId, id);
      const firstEnrolled = new Map<string, Date>();
      for (const w of windows) {
        const prev = firstEnrolled.get(w.contactId);
        if (!prev || w.enrolledAt < prev) firstEnrolled.set(w.contactId, w.enrolledAt);
      }
      for (const [contactId, since] of [...firstEnrolled].slice(0, 2000)) {
        for (const d of await deps.dealsOf(actor.workspaceId, contactId)) {
          if (d.createdAt < since) continue;
          deals++;
          if (d.status === 'won') revenue += d.amount;
        }
      }
      void seq;
      return {
        totals: {
          enrolled: sum(() => true),
          active: sum((r) => r.status === 'active' || r.status === 'paused'),
          completed: sum((r) => r.status === 'completed'),
          exited: sum((r) => r.status === 'exited'),
          deals,
          revenue,
        },
        steps: stepsOut,
        abTests,
        sendTime: { holdout, optimised, lift, verdict },
      };
    },
  };
}
export type SequencesService = ReturnType<typeof createSequencesService>;
