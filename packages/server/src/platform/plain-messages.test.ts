import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldLabel, validationError } from './errors';

const messageFor = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return validationError(r.error.issues).message;
};

describe('validation messages in plain words', () => {
  it.each([
    [z.object({ name: z.string().max(300) }), { name: 'x'.repeat(301) }, 'Name can be at most 300 characters'],
    [z.object({ name: z.string().min(1) }), { name: '' }, 'Name is required'],
    [z.object({ firstName: z.string() }), {}, 'First name is required'],
    [z.object({ amount: z.number().max(5) }), { amount: 9 }, 'Amount must be at most 5'],
    [z.object({ amount: z.number() }), { amount: 'x' }, 'Amount must be a number'],
    [z.object({ tags: z.array(z.string()).max(2) }), { tags: ['a', 'b', 'c'] }, 'Tags can have at most 2 items'],
    [z.object({ ownerId: z.string().min(1, 'must be a user id') }), { ownerId: '' }, 'Owner must be a user id'],
    [z.object({ stage: z.enum(['a', 'b']) }), { stage: 'c' }, 'Stage must be one of: a, b'],
    [z.object({ a: z.string() }).strict(), { a: 'x', zzz: 1 }, 'Zzz is not a field this accepts'],
  ])('case %#', (schema, input, want) => {
    expect(messageFor(schema, input)).toBe(want);
  });

  it('keeps the old form for paths that are not a field name', () => {
    expect(fieldLabel('--state')).toBeNull();
    expect(fieldLabel('stages.0.name')).toBe('Name');
    expect(fieldLabel('expectedCloseDate')).toBe('Expected close date');
  });
});
