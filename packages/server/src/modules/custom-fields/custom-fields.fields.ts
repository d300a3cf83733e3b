import { z } from '@hono/zod-openapi';
import { safeString } from '../../platform/fields';
import { customFieldEntities, customFieldTypes } from './custom-fields.schema';

const options = z.array(safeString().trim().min(1, 'is required').max(100, 'can be at most 100 characters')).max(100);
export const customFieldCreateSchema = z
  .object({
    entity: z.enum(customFieldEntities),
    label: safeString().trim().min(1, 'is required').max(100, 'can be at most 100 characters'),
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,59}$/, 'must start with a letter and use only a-z, 0-9 and _ (at most 60)')
      .optional()
      .openapi({ description: 'key in customFields; derived from the label when absent' }),
    type: z.enum(customFieldTypes),
    options: options.optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict()
  .refine((d) => d.type !== 'select' || (d.options?.length ?? 0) > 0, {
    message: 'a choice field needs at least one option',
    path: ['options'],
  });
export const customFieldPatchSchema = z
  .object({
    label: safeString().trim().min(1, 'is required').max(100, 'can be at most 100 characters').optional(),
    options: options.optional(),
    required: z.boolean().optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export const customFieldRecordSchema = z
  .object({
    id: z.uuid(),
    entity: z.enum(customFieldEntities),
    key: z.string(),
    label: z.string(),
    type: z.enum(customFieldTypes),
    options: z.array(z.string()),
    required: z.boolean(),
    position: z.number().int(),
  })
  .openapi('CustomField');
