import { z } from '@hono/zod-openapi';

export const itemKinds = ['new_lead', 'follow_up', 'deal_at_risk', 'churn_risk', 'upsell'] as const;
export type ItemKind = (typeof itemKinds)[number];
export type Action = 'call' | 'email' | 'meeting';

/** One line of a rep's day: what, why, what to do, when, and what it is worth. */
export type WorklistItem = {
  key: string;
  kind: ItemKind;
  title: string;
  why: string;
  action: Action;
  /** Local hour (workspace time zone) the contact engages most, when their history shows one. */
  bestHour: number | null;
  bestHourNote: string | null;
  expectedValue: number;
  valueBasis: string;
  /** 'overdue' | 'today' | 'soon': how pressing it is. */
  urgency: 'overdue' | 'today' | 'soon';
  dueAt: string | null;
  priority: number;
  contactId: string | null;
  contactName: string | null;
  dealId: string | null;
  productId: string | null;
};

export const outcomeInput = z
  .object({
    itemKey: z
      .string()
      .trim()
      .min(3)
      .max(200)
      .regex(/^[a-z_]+:[0-9a-f-]{36}$/, 'must be an item key like "new_lead:<id>"'),
    outcome: z.enum(['done', 'snoozed', 'dismissed']),
    reason: z.string().trim().max(500).nullish(),
    snoozeHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional(),
    expectedValue: z.number().finite().optional(),
  })
  .strict()
  .refine((o) => o.outcome !== 'dismissed' || (o.reason && o.reason.length > 0), {
    message: 'say why the item is dismissed',
    path: ['reason'],
  });

export const settingsInput = z
  .object({
    responseTargetHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
    stallMultiple: z.number().min(1.1).max(20),
  })
  .partial()
  .strict();

export const repInput = z
  .object({
    territory: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code')
      .nullable(),
    capacity: z.number().int().min(1).max(10_000),
  })
  .partial()
  .strict();

/** Urgency weighs the expected value: overdue work first, then what is due today. */
export const urgencyWeight = { overdue: 2, today: 1.5, soon: 1 } as const;
