import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../../platform/errors';
import { checkTemplate, renderTemplate, type MergeContext } from './mail.templates';
import { isAutoReply } from './mail.inbound';
import { classifySmtpError } from './mail.smtp';

const context: MergeContext = {
  contact: {
    first_name: 'Ada',
    last_name: null,
    full_name: 'Ada',
    email: 'ada@example.test',
    phone: null,
    title: null,
    city: null,
    country: 'GB',
    company: 'Engines & Co',
    lifecycle_stage: 'lead',
  },
  sender: { name: 'Shop', email: 'hello@shop.test' },
  workspace: { name: 'Shop' },
  unsubscribe_url: 'https://crm.shop.test/u?t=a&b',
  postal_address: '1 High Street',
};
const parts = (bodyText: string, bodyHtml = '', subject = 'Hi') => ({ subject, bodyHtml, bodyText });

describe('templates', () => {
  it.each([
    ['Hi {{ contact.first_name }}', 'Hi Ada'],
    ['Hi {{ contact.last_name | default: "there" }}', 'Hi there'],
    ['{% if contact.title %}{{ contact.title }}{% else %}no title{% endif %}', 'no title'],
    ['{{ contact.company | upcase }}', 'ENGINES & CO'],
  ])('renders %s', async (source, expected) => {
    expect((await renderTemplate(parts(source), context)).text).toBe(expected);
  });

  it('escapes values in the HTML part, not in the text part', async () => {
    const r = await renderTemplate(parts('{{ contact.company }}', '<b>{{ contact.company }}</b>'), context);
    expect(r.html).toBe('<b>Engines &amp; Co</b>');
    expect(r.text).toBe('Engines & Co');
  });

  it.each([
    ['{{ contact.favourite }}', /unknown merge field "contact\.favourite"/],
    ['{{ shop.name }}', /unknown merge field "shop\.name"/],
    ['{{ contact }}', /unknown merge field "contact"/],
    ['{% if %}', /does not parse/],
    ['{{ contact.first_name | nosuchfilter }}', /does not parse|undefined filter/],
  ])('refuses %s', (source, message) => {
    expect(() => checkTemplate(parts(source), 'transactional')).toThrow(message);
  });

  it('refuses an empty value without a fallback', async () => {
    await expect(renderTemplate(parts('Dear {{ contact.last_name }}'), context)).rejects.toThrow(
      /\{\{ contact\.last_name \}\} has no value/,
    );
  });

  it('marketing needs the unsubscribe link and the postal address in both parts', () => {
    expect(() =>
      checkTemplate(parts('{{ unsubscribe_url }} {{ postal_address }}', '{{ unsubscribe_url }}'), 'marketing'),
    ).toThrow(/postal_address/);
    expect(() =>
      checkTemplate(
        parts('{{ unsubscribe_url }} {{ postal_address }}', '{{ unsubscribe_url }} {{ postal_address }}'),
        'marketing',
      ),
    ).not.toThrow();
    expect(() => checkTemplate(parts('{{ unsubscribe_url }} {{ postal_address }}', ''), 'marketing')).not.toThrow(); // HTML made from the text
    expect(() => checkTemplate(parts('Sale', ''), 'marketing')).toThrow(/unsubscribe_url/);
  });

  it('any text is either a template or a 400, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 80 }),
        fc.constantFrom('{{', '}}', '{%', '%}', '|', 'contact.', 'default:', '"'),
        async (text, token) => {
          const source = text + token + text;
          try {
            checkTemplate(parts(source), 'transactional');
            await renderTemplate(parts(source), context);
          } catch (e) {
            expect(e).toBeInstanceOf(AppError);
            expect((e as AppError).status).toBe(400);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('auto-replies', () => {
  const msg = (headers: Record<string, string>, subject = 'Re: offer') =>
    ({ headers: new Map(Object.entries(headers)), subject }) as unknown as Parameters<typeof isAutoReply>[0];
  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'Re: offer', true],
    [{ 'auto-submitted': 'no' }, 'Re: offer', false],
    [{ 'x-autoreply': 'yes' }, 'Re: offer', true],
    [{ precedence: 'auto_reply' }, 'Re: offer', true],
    [{}, 'Out of Office: offer', true],
    [{}, 'Automatic reply: offer', true],
    [{}, 'Abwesenheitsnotiz', true],
    [{}, 'Re: offer (I am out of office next week, but yes)', false],
  ])('%j %s → %s', (headers, subject, expected) => {
    expect(isAutoReply(msg(headers, subject))).toBe(expected);
  });
});

describe('SMTP outcomes', () => {
  const err = (o: Record<string, unknown>) => Object.assign(new Error('x'), o);
  it.each([
    [{ responseCode: 451, command: 'RCPT TO' }, false, 'retry', false],
    [{ responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user' }, true, 'failed', true],
    [{ responseCode: 554, command: 'DATA' }, true, 'failed', false],
    [{ responseCode: 535, code: 'EAUTH' }, false, 'failed', false],
    [{ code: 'ESOCKET', command: 'CONN' }, false, 'retry', false],
    [{ code: 'ECONNECTION', command: 'CONN' }, true, 'unknown', false],
    [{ code: 'ETIMEDOUT' }, true, 'unknown', false],
  ])('%j handedOver=%s → %s', (e, handedOver, outcome, hardBounce) => {
    expect(classifySmtpError(err(e), handedOver)).toEqual({ outcome, hardBounce });
  });
});
