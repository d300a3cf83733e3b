import { z } from '@hono/zod-openapi';
import { optionalText, decimalFor, safeString, recordBase } from '../../platform/fields';
import type { ListFields } from '../../platform/list-query';
import { products } from './products.schema';

const productInput = {
  sku: optionalText(100),
  name: safeString().trim().min(1, 'is required').max(300),
  category: optionalText(200),
  price: decimalFor(products.price).nullish(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO currency code'),
  active: z.boolean(),
  externalId: optionalText(200),
};
export const productCreateSchema = z.object(productInput).partial().required({ name: true }).strict();
export const productPatchSchema = z.object(productInput).partial().strict();
export const productRecordSchema = z
  .object({ ...recordBase, ...productInput })
  .partial()
  .openapi('Product');

export const productFields: ListFields = {
  id: { column: products.id, kind: 'uuid' },
  sku: { column: products.sku, kind: 'text' },
  name: { column: products.name, kind: 'text' },
  category: { column: products.category, kind: 'text' },
  price: { column: products.price, kind: 'number' },
  currency: { column: products.currency, kind: 'text' },
  active: { column: products.active, kind: 'boolean' },
  externalId: { column: products.externalId, kind: 'text' },
  createdAt: { column: products.createdAt, kind: 'timestamp' },
  updatedAt: { column: products.updatedAt, kind: 'timestamp' },
};
