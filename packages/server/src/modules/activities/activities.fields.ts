import { z } from '@hono/zod-openapi';
import { optionalText, ref, timestamp, recordBase } from '../../platform/fields';
import type { ListFields } from '../../platform/list-query';
import { activities, activityTypes } from './activities.schema';

const activityInput = {
  type: z.enum(activityTypes),
  occurredAt: timestamp,
  contactId: ref,
  companyId: ref,
  dealId: ref,
  ownerId: ref,
  subject: optionalText(500),
  body: optionalText(20_000),
  metadata: z.record(z.string(), z.unknown()),
};
export const activityCreateSchema = z
  .object(activityInput)
  .partial()
  .required({ type: true, occurredAt: true })
  .strict()
  .refine((a) => a.contactId || a.companyId || a.dealId, {
    message: 'an activity is linked to a contact, a company or a deal',
    path: ['contactId'],
  });
export const activityPatchSchema = z.object(activityInput).partial().strict();
export const activityRecordSchema = z
  .object({ ...recordBase, ...activityInput, contactName: z.string().nullable() })
  .partial()
  .openapi('Activity');

export const activityFields: ListFields = {
  id: { column: activities.id, kind: 'uuid' },
  type: { column: activities.type, kind: 'enum', values: activityTypes },
  occurredAt: { column: activities.occurredAt, kind: 'timestamp' },
  contactId: { column: activities.contactId, kind: 'uuid' },
  companyId: { column: activities.companyId, kind: 'uuid' },
  dealId: { column: activities.dealId, kind: 'uuid' },
  ownerId: { column: activities.ownerId, kind: 'uuid' },
  subject: { column: activities.subject, kind: 'text' },
  createdAt: { column: activities.createdAt, kind: 'timestamp' },
  updatedAt: { column: activities.updatedAt, kind: 'timestamp' },
};
