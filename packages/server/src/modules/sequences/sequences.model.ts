import { z } from '@hono/zod-openapi';
import { approvalModes, enrolmentStatuses, sequenceStatuses } from './sequences.schema';

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:MM');
export const variantSchema = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[A-Z]$/, 'must be one capital letter (A, B, …)'),
    subject: z.string().trim().min(1, 'is required').max(500),
    bodyText: z.string().min(1, 'is required').max(100_000),
    bodyHtml: z.string().max(200_000).optional(),
    weight: z.number().min(0).max(100).default(1),
  })
  .strict();
export const stepSchema = z
  .object({
    id: z.uuid().optional(),
    kind: z.enum(['email', 'manual_email', 'task', 'wait', 'branch']),
    email: z
      .object({
        variants: z.array(variantSchema).min(1, 'needs at least one variant').max(5),
        kind: z.enum(['marketing', 'transactional']).default('marketing'),
      })
      .strict()
      .optional(),
    task: z
      .object({
        taskKind: z.enum(['call', 'linkedin', 'other']),
        title: z.string().trim().min(1, 'is required').max(300),
        dueInDays: z.number().int().min(0).max(365).default(0),
      })
      .strict()
      .optional(),
    wait: z
      .object({ amount: z.number().int().min(0).max(365), unit: z.enum(['days', 'business_days']) })
      .strict()
      .optional(),
    branch: z
      .object({
        condition: z
          .object({
            type: z.enum(['opened', 'clicked', 'replied', 'score_tier', 'segment', 'field']),
            field: z.string().max(100).optional(),
            op: z.enum(['eq', 'neq', 'contains', 'gt', 'lt', 'exists']).optional(),
            value: z.union([z.string().max(500), z.number(), z.boolean()]).optional(),
          })
          .strict(),
        elseGoTo: z.number().int().min(0).max(100).nullable(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('SequenceStep');
export type StepInput = z.infer<typeof stepSchema>;

export const triggerSchema = z
  .object({
    type: z.enum(['segment_entry', 'lifecycle_change', 'score_tier', 'deal_stage', 'form_lead', 'chat_lead']),
    /** segment id, lifecycle stage, score tier ('A'…) or stage id, depending on the type. */
    value: z.string().max(200).optional(),
  })
  .strict();
export const settingsSchema = z
  .object({
    sendWindow: z
      .object({ days: z.array(z.number().int().min(1).max(7)).min(1).max(7), start: hhmm, end: hhmm })
      .strict(),
    exitOnCompanyReply: z.boolean(),
    reenrolAfterDays: z.number().int().min(0).max(3650).nullable(),
    holdoutShare: z.number().min(0).max(1),
    triggers: z.array(triggerSchema).max(20),
  })
  .strict();
export type SequenceSettings = z.infer<typeof settingsSchema>;
export const DEFAULT_SETTINGS: SequenceSettings = {
  sendWindow: { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' },
  exitOnCompanyReply: false,
  reenrolAfterDays: null,
  holdoutShare: 0.1,
  triggers: [],
};

export const sequenceRecord = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(sequenceStatuses),
    approvalMode: z.enum(approvalModes),
    mailboxId: z.string().nullable(),
    steps: z.number(),
    activeEnrolments: z.number(),
    createdAt: z.string(),
  })
  .openapi('Sequence');
export const stepRecord = stepSchema.extend({ id: z.string(), position: z.number() });
export const sequenceDetail = sequenceRecord
  .omit({ steps: true })
  .extend({ steps: z.array(stepRecord), stepCount: z.number(), settings: settingsSchema })
  .openapi('SequenceDetail');
export const createInput = z
  .object({
    name: z.string().trim().min(1, 'is required').max(200),
    mailboxId: z.uuid().optional(),
    approvalMode: z.enum(approvalModes).optional(),
  })
  .strict();
export const patchInput = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    status: z.enum(sequenceStatuses).optional(),
    approvalMode: z.enum(approvalModes).optional(),
    mailboxId: z.uuid().nullable().optional(),
    settings: settingsSchema.partial().optional(),
  })
  .strict();
export const enrolInput = z
  .object({
    contactIds: z.array(z.uuid()).max(10_000).optional(),
    segmentId: z.uuid().optional(),
  })
  .strict();
export const enrolResult = z.object({
  enrolled: z.number(),
  skipped: z.array(z.object({ contactId: z.string(), reason: z.string() })),
});
export const enrolmentRecord = z
  .object({
    id: z.string(),
    contactId: z.string(),
    contactName: z.string(),
    email: z.string().nullable(),
    status: z.enum(enrolmentStatuses),
    currentStep: z.number(),
    nextAt: z.string().nullable(),
    exitReason: z.string().nullable(),
    holdout: z.boolean(),
  })
  .openapi('Enrolment');
export const approvalRecord = z
  .object({
    id: z.string(),
    sequenceId: z.string(),
    sequenceName: z.string(),
    enrolmentId: z.string(),
    contactId: z.string(),
    contactName: z.string(),
    to: z.string().nullable(),
    subject: z.string(),
    bodyText: z.string(),
    bodyHtml: z.string().nullable(),
    scheduledFor: z.string().nullable(),
    reason: z.enum(['approval_mode', 'missing_merge_value', 'manual_step']),
    missingFields: z.array(z.string()),
  })
  .openapi('SequenceApproval');
export const approveInput = z
  .object({
    subject: z.string().trim().min(1).max(500).optional(),
    bodyText: z.string().min(1).max(100_000).optional(),
    bodyHtml: z.string().max(200_000).optional(),
  })
  .strict();
export const rejectInput = z.object({ reason: z.string().trim().min(1, 'is required').max(1000) }).strict();
export const bulkApproveInput = z.object({ ids: z.array(z.uuid()).min(1).max(500) }).strict();
export const reasonInput = z.object({ reason: z.string().trim().max(1000).optional() }).strict();

const variantStats = z.object({
  key: z.string(),
  sent: z.number(),
  delivered: z.number(),
  opened: z.number(),
  clicked: z.number(),
  replied: z.number(),
  bounced: z.number(),
  unsubscribed: z.number(),
});
const rates = z.object({ n: z.number(), openRate: z.number().nullable(), replyRate: z.number().nullable() });
export const analyticsRecord = z
  .object({
    totals: z.object({
      enrolled: z.number(),
      active: z.number(),
      completed: z.number(),
      exited: z.number(),
      deals: z.number(),
      revenue: z.number(),
    }),
    steps: z.array(
      z.object({ stepId: z.string(), position: z.number(), kind: z.string(), variants: z.array(variantStats) }),
    ),
    abTests: z.array(
      z.object({
        stepId: z.string(),
        metric: z.enum(['replied', 'opened', 'clicked']),
        a: z.object({ key: z.string(), n: z.number(), x: z.number() }),
        b: z.object({ key: z.string(), n: z.number(), x: z.number() }),
        pValue: z.number(),
        confidence: z.number(),
        verdict: z.string(),
      }),
    ),
    sendTime: z.object({ holdout: rates, optimised: rates, lift: z.number().nullable(), verdict: z.string() }),
  })
  .openapi('SequenceAnalytics');
