import { z } from '@hono/zod-openapi';
import { optionalText, ref, decimalFor, columnLimit, timestamp, recordBase } from '../../platform/fields';
import type { ListFields } from '../../platform/list-query';
import { orderLines, orders, orderStatuses } from './orders.schema';

const amountLimit = columnLimit(orderLines.amount).limit;

export const orderLineInput = z
  .object({
    productId: ref,
    description: optionalText(500),
    quantity: decimalFor(orderLines.quantity),
    unitPrice: decimalFor(orderLines.unitPrice),
  })
  .strict()
  .refine((l) => Math.abs(l.quantity * l.unitPrice) < amountLimit, {
    message: 'quantity × unitPrice is too large',
    path: ['unitPrice'],
  });

const orderInput = {
  contactId: ref,
  companyId: ref,
  number: optionalText(100),
  orderedAt: timestamp,
  status: z.enum(orderStatuses),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO currency code'),
  externalId: optionalText(200),
  /** Replaces all lines; the total is their sum. */
  lines: z
    .array(orderLineInput)
    .max(1000)
    .refine(
      (ls) => Math.abs(ls.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0)) < amountLimit,
      'the order total is too large',
    ),
};
export const orderCreateSchema = z.object(orderInput).partial().required({ orderedAt: true }).strict();
export const orderPatchSchema = z.object(orderInput).partial().strict();
export const orderRecordSchema = z
  .object({
    ...recordBase,
    ...orderInput,
    total: z.number(),
    contactName: z.string().nullable(),
    companyName: z.string().nullable(),
  })
  .partial()
  .openapi('Order');

export const orderFields: ListFields = {
  id: { column: orders.id, kind: 'uuid' },
  contactId: { column: orders.contactId, kind: 'uuid' },
  companyId: { column: orders.companyId, kind: 'uuid' },
  number: { column: orders.number, kind: 'text' },
  orderedAt: { column: orders.orderedAt, kind: 'timestamp' },
  status: { column: orders.status, kind: 'enum', values: orderStatuses },
  currency: { column: orders.currency, kind: 'text' },
  total: { column: orders.total, kind: 'number' },
  externalId: { column: orders.externalId, kind: 'text' },
  createdAt: { column: orders.createdAt, kind: 'timestamp' },
  updatedAt: { column: orders.updatedAt, kind: 'timestamp' },
};
