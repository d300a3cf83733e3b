import { describe, expect, it } from 'vitest';
import { missingFieldsOf, pickVariant } from './sequences.service';
import type { MergeContext } from '../mail/mail.templates';

const ctx = {
  contact: {
    first_name: 'Ada',
    last_name: null,
    full_name: 'Ada',
    email: 'ada@x.test',
    phone: null,
    title: null,
    city: null,
    country: null,
    company: null,
    lifecycle_stage: null,
  },
  sender: { name: 'Shop', email: 'shop@x.test' },
  workspace: { name: 'Shop' },
  unsubscribe_url: 'https://u',
  postal_address: '',
} satisfies MergeContext;

describe('missing merge values', () => {
  it.each([
    ['Hi {{ contact.first_name }}', []],
    ['Hi {{ contact.company }}', ['contact.company']],
    ['Hi {{ contact.company | default: "there" }}', []],
    ['{{contact.city}} and {{ contact.title | upcase }}', ['contact.city', 'contact.title']],
    ['{{ postal_address }}', ['postal_address']],
  ])('%s → %j', (text, want) => {
    expect(missingFieldsOf({ subject: '', bodyText: text, bodyHtml: '' }, ctx)).toEqual(want);
  });
});

describe('variant choice', () => {
  const variants = [
    { key: 'A', subject: 'a', bodyText: 'a', weight: 3 },
    { key: 'B', subject: 'b', bodyText: 'b', weight: 1 },
  ];
  it('is stable per key and follows the weights', () => {
    expect(pickVariant(variants, 'e1:s1').key).toBe(pickVariant(variants, 'e1:s1').key);
    const b = Array.from({ length: 4000 }, (_, i) => pickVariant(variants, `e${i}:s`).key).filter((k) => k === 'B');
    expect(Math.abs(b.length / 4000 - 0.25)).toBeLessThan(0.03);
  });
  it('never picks a zero-weight variant while another has weight', () => {
    const v = [
      { key: 'A', subject: 'a', bodyText: 'a', weight: 0 },
      { key: 'B', subject: 'b', bodyText: 'b', weight: 1 },
    ];
    for (let i = 0; i < 200; i++) expect(pickVariant(v, `k${i}`).key).toBe('B');
  });
});
