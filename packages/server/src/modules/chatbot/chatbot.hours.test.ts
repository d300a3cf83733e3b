import { describe, expect, it } from 'vitest';
import { describeHours, describeInstant, isOpen, nextOpening, type BusinessHours } from './chatbot.hours';

const london: BusinessHours = {
  timeZone: 'Europe/London',
  weekly: { mon: [{ from: '09:00', to: '17:00' }], sat: [{ from: '10:00', to: '13:30' }] },
  closedDates: ['2026-06-08'],
};

describe('business hours', () => {
  it.each([
    ['2026-06-01T07:59:00Z', false], // Monday 08:59 BST
    ['2026-06-01T08:00:00Z', true], // 09:00 BST
    ['2026-06-01T15:59:00Z', true],
    ['2026-06-01T16:00:00Z', false], // 17:00 BST: closed
    ['2026-06-06T09:15:00Z', true], // Saturday 10:15
    ['2026-06-08T10:00:00Z', false], // a closed date (a Monday)
    ['2026-12-07T09:30:00Z', true], // Monday in winter: 09:30 GMT
  ])('%s open: %s', (at, open) => expect(isOpen(london, new Date(at))).toBe(open));

  it('finds the next opening, skipping closed dates', () => {
    expect(nextOpening(london, new Date('2026-06-01T17:00:00Z'))?.toISOString()).toBe('2026-06-06T09:00:00.000Z');
    expect(nextOpening(london, new Date('2026-06-06T13:00:00Z'))?.toISOString()).toBe('2026-06-13T09:00:00.000Z');
    expect(nextOpening({ timeZone: 'UTC', weekly: {}, closedDates: [] }, new Date())).toBeNull();
  });

  it('says the hours and a time in words', () => {
    expect(describeHours(london)).toBe("We're open Mon 09:00-17:00, Sat 10:00-13:30 (Europe/London time).");
    expect(describeInstant(new Date('2026-06-06T09:00:00Z'), 'Europe/London')).toBe(
      'Saturday at 10:00 (Europe/London)',
    );
  });
});
