import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addWait,
  capDelay,
  contactZone,
  DEFAULT_WINDOW,
  inWindow,
  nextSendTime,
  scheduleSend,
  validateWindow,
  withinCaps,
  type SendWindow,
} from './index';

const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Pacific/Auckland'];
const windowArb: fc.Arbitrary<SendWindow> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    start: fc.integer({ min: 0, max: 22 }),
    len: fc.integer({ min: 1, max: 10 }),
  })
  .map(({ days, start, len }) => ({
    days,
    start: `${String(start).padStart(2, '0')}:00`,
    end: `${String(Math.min(24, start + len)).padStart(2, '0')}:00`,
  }));
const clockArb = fc.date({
  min: new Date('2024-01-01T00:00:00Z'),
  max: new Date('2030-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const holidaysArb = fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }).map((offsets) => offsets);

describe('contactZone', () => {
  it.each([
    [{ timeZone: 'Asia/Tokyo', country: 'DE' }, 'Asia/Tokyo', 'field'],
    [{ timeZone: 'Not/AZone', country: 'DE' }, 'Europe/Berlin', 'country'],
    [{ country: 'fr' }, 'Europe/Paris', 'country'],
    [{ phone: '+44 20 7946 0958' }, 'Europe/London', 'phone'],
    [{ phone: '12' }, 'America/Chicago', 'workspace'],
    [{}, 'America/Chicago', 'workspace'],
  ])('%j → %s (%s)', (c, zone, from) => {
    expect(contactZone(c, 'America/Chicago')).toEqual({ zone, from });
  });
});

describe('windows', () => {
  it.each([
    ['2026-06-01T07:59:00', false],
    ['2026-06-01T08:00:00', true],
    ['2026-06-01T17:59:00', true],
    ['2026-06-01T18:00:00', false],
    ['2026-06-06T10:00:00', false], // Saturday
  ])('Berlin %s in the default window: %s', (local, ok) => {
    const at = DateTime.fromISO(local, { zone: 'Europe/Berlin' }).toJSDate();
    expect(inWindow(at, 'Europe/Berlin', DEFAULT_WINDOW)).toBe(ok);
  });
  it('moves a Friday-evening send to Monday 08:00 local, skipping a holiday Monday to Tuesday', () => {
    const fri = DateTime.fromISO('2026-06-05T19:00:00', { zone: 'America/New_York' }).toJSDate();
    expect(
      DateTime.fromJSDate(nextSendTime(fri, 'America/New_York', DEFAULT_WINDOW)!, { zone: 'America/New_York' }).toISO(),
    ).toContain('2026-06-08T08:00');
    const t = nextSendTime(fri, 'America/New_York', DEFAULT_WINDOW, new Set(['2026-06-08']))!;
    expect(DateTime.fromJSDate(t, { zone: 'America/New_York' }).toISO()).toContain('2026-06-09T08:00');
  });
  it('rejects windows that cannot work', () => {
    expect(validateWindow({ days: [], start: '08:00', end: '18:00' })).toMatch(/days/);
    expect(validateWindow({ days: [1], start: '18:00', end: '08:00' })).toMatch(/end/);
    expect(validateWindow({ days: [8], start: '08:00', end: '18:00' })).toMatch(/days/);
    expect(validateWindow(DEFAULT_WINDOW)).toBeNull();
  });
  it('business days skip weekends and holidays', () => {
    const fri = new Date('2026-06-05T10:00:00Z');
    expect(addWait(fri, 'UTC', 1, 'business_days').toISOString()).toBe('2026-06-08T10:00:00.000Z');
    expect(addWait(fri, 'UTC', 1, 'business_days', new Set(['2026-06-08'])).toISOString()).toBe(
      '2026-06-09T10:00:00.000Z',
    );
    expect(addWait(fri, 'UTC', 2, 'days').toISOString()).toBe('2026-06-07T10:00:00.000Z');
  });
});

describe('caps', () => {
  const d = (s: string) => new Date(s);
  it.each([
    [[], '2026-06-01T10:00:00Z', null],
    [['2026-05-31T10:00:00Z'], '2026-06-01T10:00:00Z', '2026-06-03T10:00:00.001Z'],
    [['2026-05-28T09:00:00Z'], '2026-06-01T10:00:00Z', null],
  ])('previous %j, at %s → %s', (prev, at, want) => {
    const got = capDelay(d(at), prev.map(d));
    expect(got ? got.toISOString() : null).toBe(want);
  });
});

describe('properties', () => {
  it('never schedules outside the window, on a holiday, over the caps, in the quiet period or after an exit', () => {
    fc.assert(
      fc.property(
        clockArb,
        fc.constantFrom(...zones),
        windowArb,
        holidaysArb,
        fc.array(fc.integer({ min: -20 * 24, max: 0 }), { maxLength: 5 }),
        fc.record({
          max: fc.integer({ min: 1, max: 3 }),
          days: fc.integer({ min: 1, max: 7 }),
          week: fc.integer({ min: 1, max: 5 }),
        }),
        fc.option(fc.integer({ min: 0, max: 167 }), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: null }),
        fc.option(fc.integer({ min: -48, max: 0 }), { nil: null }),
        (now, zone, window, holidayOffsets, prevHours, capArb, preferred, exitInHours, replyHoursAgo) => {
          const holidays = new Set(
            holidayOffsets.map((o) => DateTime.fromJSDate(now, { zone }).plus({ days: o }).toISODate()!),
          );
          const caps = { perDays: { max: capArb.max, days: capArb.days }, perWeek: Math.max(capArb.week, capArb.max) };
          const previous = prevHours.map((h) => new Date(now.getTime() + h * 3_600_000));
          // The earlier sends must themselves respect the caps for "no cap exceeded" to be about the new one.
          fc.pre(withinCaps(previous, caps));
          const exitedAt = exitInHours === null ? null : new Date(now.getTime() + exitInHours * 3_600_000);
          const lastReplyAt = replyHoursAgo === null ? null : new Date(now.getTime() + replyHoursAgo * 3_600_000);
          const t = scheduleSend({
            due: now,
            zone,
            window,
            holidays,
            preferredHourOfWeek: preferred,
            previousMarketing: previous,
            caps,
            exitedAt,
            lastReplyAt,
            quietDays: 2,
          });
          if (t === null) return;
          expect(t.getTime()).toBeGreaterThanOrEqual(now.getTime());
          expect(inWindow(t, zone, window, holidays)).toBe(true);
          expect(withinCaps([...previous, t], caps)).toBe(true);
          if (exitedAt) expect(t.getTime()).toBeLessThan(exitedAt.getTime());
          if (lastReplyAt) expect(t.getTime()).toBeGreaterThanOrEqual(lastReplyAt.getTime() + 2 * 86_400_000);
        },
      ),
      { numRuns: 400 },
    );
  });
});
