import { z } from '@hono/zod-openapi';
import {
  optionalText,
  ref,
  tags,
  customFields,
  country,
  decimalFor,
  safeString,
  recordBase,
} from '../../platform/fields';
import type { ListFields } from '../../platform/list-query';
import { companies } from './companies.schema';

const domain = safeString()
  .trim()
  .toLowerCase()
  .transform((d) =>
    d
      .replace(/^https?:\/\//, '')
      .replace(/^www\./, '')
      .replace(/\/.*$/, ''),
  )
  .pipe(z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, 'must be a domain like example.com'))
  .nullish();

const companyInput = {
  name: safeString().trim().min(1, 'is required').max(300),
  domain,
  industry: optionalText(200),
  sizeBand: optionalText(50),
  employees: z.number().int().min(0).max(10_000_000).nullish(),
  annualRevenue: decimalFor(companies.annualRevenue).nullish(),
  country,
  city: optionalText(200),
  phone: optionalText(50),
  ownerId: ref,
  externalId: optionalText(200),
  tags,
  customFields,
};
export const companyCreateSchema = z.object(companyInput).partial().required({ name: true }).strict();
export const companyPatchSchema = z.object(companyInput).partial().strict();
export const companyRecordSchema = z
  .object({ ...recordBase, ...companyInput, ownerName: z.string().nullable() })
  .partial()
  .openapi('Company');

export const companyFields: ListFields = {
  id: { column: companies.id, kind: 'uuid' },
  name: { column: companies.name, kind: 'text' },
  domain: { column: companies.domain, kind: 'text' },
  industry: { column: companies.industry, kind: 'text' },
  sizeBand: { column: companies.sizeBand, kind: 'text' },
  employees: { column: companies.employees, kind: 'number' },
  annualRevenue: { column: companies.annualRevenue, kind: 'number' },
  country: { column: companies.country, kind: 'text' },
  city: { column: companies.city, kind: 'text' },
  ownerId: { column: companies.ownerId, kind: 'uuid' },
  externalId: { column: companies.externalId, kind: 'text' },
  tags: { column: companies.tags, kind: 'tags' },
  createdAt: { column: companies.createdAt, kind: 'timestamp' },
  updatedAt: { column: companies.updatedAt, kind: 'timestamp' },
};
