import { z } from '@hono/zod-openapi';
import { optionalText, email, ref, tags, customFields, country, timestamp, recordBase } from '../../platform/fields';
import type { ListFields } from '../../platform/list-query';
import { consentStates, contacts, lifecycleStages } from './contacts.schema';

const contactInput = {
  firstName: optionalText(200),
  lastName: optionalText(200),
  email,
  phone: optionalText(50),
  title: optionalText(200),
  companyId: ref,
  ownerId: ref,
  lifecycleStage: z.enum(lifecycleStages),
  source: optionalText(100),
  country,
  city: optionalText(200),
  consentMarketingEmail: z.enum(consentStates),
  consentProfiling: z.enum(consentStates),
  consentWebsiteTracking: z.enum(consentStates),
  consentChatTranscripts: z.enum(consentStates),
  doNotContact: z.boolean(),
  becameCustomerAt: timestamp.nullish(),
  externalId: optionalText(200),
  tags,
  customFields,
};

export const contactCreateSchema = z
  .object(contactInput)
  .partial()
  .strict()
  .refine((c) => c.firstName || c.lastName || c.email || c.phone, {
    message: 'a contact needs a name, an email or a phone',
    path: ['email'],
  });
export const contactPatchSchema = z.object(contactInput).partial().strict();

export const contactRecordSchema = z
  .object({ ...recordBase, ...contactInput, companyName: z.string().nullable(), ownerName: z.string().nullable() })
  .partial()
  .openapi('Contact');

export const contactFields: ListFields = {
  id: { column: contacts.id, kind: 'uuid' },
  firstName: { column: contacts.firstName, kind: 'text' },
  lastName: { column: contacts.lastName, kind: 'text' },
  email: { column: contacts.email, kind: 'text' },
  phone: { column: contacts.phone, kind: 'text' },
  title: { column: contacts.title, kind: 'text' },
  companyId: { column: contacts.companyId, kind: 'uuid' },
  ownerId: { column: contacts.ownerId, kind: 'uuid' },
  lifecycleStage: { column: contacts.lifecycleStage, kind: 'enum', values: lifecycleStages },
  source: { column: contacts.source, kind: 'text' },
  country: { column: contacts.country, kind: 'text' },
  city: { column: contacts.city, kind: 'text' },
  consentMarketingEmail: { column: contacts.consentMarketingEmail, kind: 'enum', values: consentStates },
  consentProfiling: { column: contacts.consentProfiling, kind: 'enum', values: consentStates },
  consentWebsiteTracking: { column: contacts.consentWebsiteTracking, kind: 'enum', values: consentStates },
  consentChatTranscripts: { column: contacts.consentChatTranscripts, kind: 'enum', values: consentStates },
  doNotContact: { column: contacts.doNotContact, kind: 'boolean' },
  externalId: { column: contacts.externalId, kind: 'text' },
  tags: { column: contacts.tags, kind: 'tags' },
  becameCustomerAt: { column: contacts.becameCustomerAt, kind: 'timestamp' },
  createdAt: { column: contacts.createdAt, kind: 'timestamp' },
  updatedAt: { column: contacts.updatedAt, kind: 'timestamp' },
};
