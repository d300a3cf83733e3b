import { z } from '@hono/zod-openapi';

/** Reusable input fields: one definition of "an email", "a reference", "custom fields" for every module. */
export const text = (max = 500) => z.string().trim().max(max);
export const optionalText = (max = 500) =>
  z.string().trim().max(max).nullish().transform((v) => (v === '' ? null : v));
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('must be a valid email address'))
  .nullish()
  .or(z.literal('').transform(() => null));
export const ref = z.uuid('must be a record id').nullish();
export const tags = z.array(z.string().trim().min(1).max(60)).max(50).transform((t) => [...new Set(t)]);
export const customFields = z
  .record(z.string().min(1).max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]))
  .refine((o) => Object.keys(o).length <= 100, 'at most 100 custom fields');
export const money = z.number().finite().min(-1e13).max(1e13);
export const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code')
  .nullish();
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a YYYY-MM-DD date').refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date');
export const timestamp = z.coerce.date({ error: 'must be an ISO date-time' });

/** Record shape shared by every stored row, for OpenAPI documentation of responses. */
export const recordBase = {
  id: z.uuid(),
  workspaceId: z.uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
