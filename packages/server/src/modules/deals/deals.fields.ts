import { z } from '@hono/zod-openapi';
import {
  optionalText,
  ref,
  tags,
  customFields,
  decimalFor,
  isoDate,
  int4,
  safeString,
  uuid,
  recordBase,
} from '../../platform/fields';
import type { ListFields } from '../../platform/list-query';
import { deals, dealStatuses, stageKinds } from './deals.schema';

const dealInput = {
  name: safeString().trim().min(1, 'is required').max(300),
  pipelineId: ref,
  stageId: uuid,
  // A deal's value is never negative (a refund is an order, not a deal): -500 would shrink the pipeline total.
  amount: decimalFor(deals.amount).min(0, 'must be 0 or more').nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO currency code'),
  expectedCloseDate: isoDate.nullish(),
  lostReason: optionalText(500),
  contactId: ref,
  companyId: ref,
  ownerId: ref,
  source: optionalText(100),
  externalId: optionalText(200),
  tags,
  customFields,
};
export const dealCreateSchema = z.object(dealInput).partial().required({ name: true, stageId: true }).strict();
export const dealPatchSchema = z.object(dealInput).partial().strict();
export const dealRecordSchema = z
  .object({
    ...recordBase,
    ...dealInput,
    status: z.enum(dealStatuses),
    closedAt: z.string().nullable(),
    stageEnteredAt: z.string(),
    stageName: z.string().nullable(),
    contactName: z.string().nullable(),
    companyName: z.string().nullable(),
    ownerName: z.string().nullable(),
  })
  .partial()
  .openapi('Deal');

const stageInput = z
  .object({
    id: uuid.optional(),
    name: safeString().trim().min(1, 'is required').max(100),
    probability: z.number().min(0).max(1),
    kind: z.enum(stageKinds).default('open'),
  })
  .strict();
export const pipelineCreateSchema = z
  .object({
    name: safeString().trim().min(1, 'is required').max(200),
    position: int4.min(0).optional(),
    stages: z.array(stageInput).min(1).max(30),
  })
  .strict()
  .refine((p) => p.stages.some((s) => s.kind === 'won') && p.stages.some((s) => s.kind === 'lost'), {
    message: 'needs one won and one lost stage',
    path: ['stages'],
  });
export const pipelinePatchSchema = z
  .object({
    name: safeString().trim().min(1, 'is required').max(200).optional(),
    position: int4.min(0).optional(),
    // A stage as GET returns it may be sent back as it is: its deal count and archive time are read-only and ignored.
    stages: z
      .array(stageInput.extend({ deals: z.number().optional(), archivedAt: z.string().nullable().optional() }))
      .min(1)
      .max(30)
      .optional(),
  })
  .strict()
  .refine((p) => !p.stages || (p.stages.some((s) => s.kind === 'won') && p.stages.some((s) => s.kind === 'lost')), {
    message: 'needs one won and one lost stage',
    path: ['stages'],
  });
/** Archiving a stage or a pipeline that still holds deals needs a stage (of an active pipeline) to move them to. */
export const archiveSchema = z
  .object({ moveDealsTo: uuid.optional().openapi({ description: 'stage the deals are moved to' }) })
  .strict();
export const archiveResultSchema = z.object({ moved: z.number().int() }).openapi('ArchiveResult');
export const pipelinesQuery = z.object({
  archived: z.enum(['include', 'only']).optional().openapi({ description: 'include archived pipelines and stages' }),
});
export const pipelineRecordSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    position: z.number(),
    archivedAt: z.string().nullable(),
    stages: z.array(
      stageInput.extend({
        id: z.uuid(),
        position: z.number(),
        deals: z.number().int(),
        archivedAt: z.string().nullable(),
      }),
    ),
  })
  .openapi('Pipeline');
export const moveSchema = z.object({ stageId: uuid, lostReason: optionalText(500) }).strict();

export const dealFields: ListFields = {
  id: { column: deals.id, kind: 'uuid' },
  name: { column: deals.name, kind: 'text' },
  pipelineId: { column: deals.pipelineId, kind: 'uuid' },
  stageId: { column: deals.stageId, kind: 'uuid' },
  amount: { column: deals.amount, kind: 'number' },
  currency: { column: deals.currency, kind: 'text' },
  expectedCloseDate: { column: deals.expectedCloseDate, kind: 'date' },
  status: { column: deals.status, kind: 'enum', values: dealStatuses },
  closedAt: { column: deals.closedAt, kind: 'timestamp' },
  contactId: { column: deals.contactId, kind: 'uuid' },
  companyId: { column: deals.companyId, kind: 'uuid' },
  ownerId: { column: deals.ownerId, kind: 'uuid' },
  source: { column: deals.source, kind: 'text' },
  externalId: { column: deals.externalId, kind: 'text' },
  tags: { column: deals.tags, kind: 'tags' },
  createdAt: { column: deals.createdAt, kind: 'timestamp' },
  updatedAt: { column: deals.updatedAt, kind: 'timestamp' },
};
