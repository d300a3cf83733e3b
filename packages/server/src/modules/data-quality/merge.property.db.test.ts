import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';
import { sql } from 'drizzle-orm';
import { mergeTables, snapshot } from './snapshot.testing';
import { mergeFields, type Side } from './merge.fields';

/**
 * Property: for any small set of records and links, any pair of the same type and any per-field choice, merge then
 * undo leaves every row of contacts, companies and every table that references them (read from the foreign keys:
 * activities, deals, orders, consent_events, customer_rfm, segment_memberships, …) exactly as it was.
 */
/** The tables the generator below fills; a new table referencing contacts or companies must be added here. */
const generated = [
  'activities',
  'chatbot_conversations',
  'companies',
  'consent_events',
  'contacts',
  'customer_rfm',
  'deals',
  'mail_inbound',
  'mail_outbox',
  'mail_suppressions',
  'orders',
  'segment_memberships',
  'website_visitors',
  'sequence_enrolments',
  'sequence_items',
];
describe('merge then undo restores the workspace exactly', () => {
  let t: TestApp;
  let ws: Awaited<ReturnType<TestApp['workspace']>>;
  let stageId: string;
  let segmentRunId: string;
  let mailboxId: string;
  let sequenceId: string;
  let stepId: string;
  let mailRows = 0;
  let run = 0;

  beforeAll(async () => {
    t = await createTestApp();
    ws = await t.workspace('Property');
    const pipeline = (await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline)).body;
    stageId = pipeline.stages[0].id;
    const r = (await t.database.db.execute(
      sql`insert into segment_runs (workspace_id, as_of, customers, summary) values (${ws.id}, now(), 0, '{}'::jsonb) returning id`,
    )) as unknown as { rows: { id: string }[] };
    segmentRunId = r.rows[0]!.id;
    const m = (await t.database.db
      .execute(sql`insert into mail_mailboxes (workspace_id, name, from_name, from_address, smtp_host, smtp_port, smtp_security)
      values (${ws.id}, 'Sales', 'Sales', 'sales@acme.test', '127.0.0.1', 2525, 'none') returning id`)) as unknown as {
      rows: { id: string }[];
    };
    mailboxId = m.rows[0]!.id;
    const sq = (await t.database.db.execute(
      sql`insert into sequences (workspace_id, name) values (${ws.id}, 'Nurture') returning id`,
    )) as unknown as { rows: { id: string }[] };
    sequenceId = sq.rows[0]!.id;
    const st = (await t.database.db.execute(
      sql`insert into sequence_steps (workspace_id, sequence_id, position, kind) values (${ws.id}, ${sequenceId}, 0, 'task') returning id`,
    )) as unknown as { rows: { id: string }[] };
    stepId = st.rows[0]!.id;
  });

  it('covers every table that references contacts or companies', async () => {
    const missing = (await mergeTables(t)).filter((x) => !generated.includes(x));
    expect(missing, `new tables reference contacts or companies: fill them in the generator below`).toEqual([]);
  });
  afterAll(() => t.dispose());

  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const contactArb = fc.record({
    firstName: fc.constantFrom('Ada', 'ada', 'Grace'), // the contacts service wants a name, an email or a phone
    lastName: maybe(fc.constantFrom('Lovelace', 'Hopper')),
    email: maybe(fc.constantFrom('ada@acme.test', 'grace@navy.test')),
    phone: maybe(fc.constantFrom('+14155550134', '+442079460018')),
    title: maybe(fc.constantFrom('CTO', 'Buyer')),
    consentMarketingEmail: fc.constantFrom('granted', 'denied', 'unknown'),
    tags: fc.subarray(['vip', 'newsletter', 'trade']),
    hasExternalId: fc.boolean(),
    company: fc.nat(2),
  });
  const companyArb = fc.record({
    name: fc.constantFrom('Acme', 'ACME Ltd', 'Globex'),
    domain: maybe(fc.constantFrom('acme.test', 'globex.test')),
    industry: maybe(fc.constantFrom('Retail', 'Food')),
    hasExternalId: fc.boolean(),
  });
  const linkArb = fc.record({
    kind: fc.constantFrom('activity', 'deal', 'order', 'rfm', 'membership', 'mail', 'visitor'),
    contact: fc.nat(2),
    company: fc.nat(2),
  });
  const scenario = fc.record({
    companies: fc.array(companyArb, { minLength: 2, maxLength: 3 }),
    contacts: fc.array(contactArb, { minLength: 2, maxLength: 3 }),
    links: fc.array(linkArb, { maxLength: 6 }),
    type: fc.constantFrom('contacts' as const, 'companies' as const),
    swap: fc.boolean(),
    choices: fc.dictionary(
      fc.constantFrom(...new Set([...mergeFields.contacts, ...mergeFields.companies])),
      fc.constantFrom<Side>('survivor', 'loser'),
    ),
  });

  it('for generated records, links and choices', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const r = ++run;
        const actor = ws.actor;
        const companies = [];
        for (const [i, c] of s.companies.entries()) {
          companies.push(
            await t.services.companies.create(actor, {
              name: c.name,
              domain: c.domain,
              industry: c.industry,
              externalId: c.hasExternalId ? `co-${r}-${i}` : undefined,
            }),
          );
        }
        const contacts = [];
        for (const [i, c] of s.contacts.entries()) {
          const { hasExternalId, company, ...fields } = c;
          contacts.push(
            await t.services.contacts.create(actor, {
              ...fields,
              externalId: hasExternalId ? `ct-${r}-${i}` : undefined,
              companyId: companies[company % companies.length]!.id,
            }),
          );
        }
        for (const l of s.links) {
          const contactId = contacts[l.contact % contacts.length]!.id;
          const companyId = companies[l.company % companies.length]!.id;
          if (l.kind === 'activity')
            await t.services.activities.create(actor, {
              type: 'note',
              occurredAt: '2026-05-01T00:00:00Z',
              contactId,
              companyId,
            });
          else if (l.kind === 'deal')
            await t.services.deals.create(actor, { name: `Deal ${r}`, stageId, contactId, companyId });
          else if (l.kind === 'order')
            await t.services.orders.create(actor, {
              orderedAt: '2026-05-01T00:00:00Z',
              contactId,
              companyId,
              lines: [],
            });
          else if (l.kind === 'rfm') {
            // Derived rows a segment run writes (one RFM row per customer, membership history).
            await t.database.db
              .execute(sql`insert into customer_rfm (workspace_id, contact_id, run_id, recency_days, frequency, monetary, r, f, m, segment, cluster, clv, churn_risk, gap_ratio, usual_gap_days, last_order_at)
              values (${ws.id}, ${contactId}, ${segmentRunId}, 12, 3, 250.5, 4, 3, 4, 'Loyal', 1, 900, false, 0.5, 30, '2026-05-01T00:00:00Z') on conflict do nothing`);
          } else if (l.kind === 'mail') {
            // The mail module's rows about a person: a sent message, a reply filed against it, a suppression.
            const n = `${r}-${++mailRows}`;
            await t.database.db
              .execute(sql`insert into mail_outbox (workspace_id, mailbox_id, contact_id, dedupe_key, kind, source, to_address, subject, body_html, body_text, message_id, thread_id, send_after)
              values (${ws.id}, ${mailboxId}, ${contactId}, ${`k-${n}`}, 'transactional', 'compose', 'ada@acme.test', 'Hi', '<p>Hi</p>', 'Hi', ${`<m-${n}@acme.test>`}, ${`t-${n}`}, '2026-05-01T00:00:00Z')`);
            await t.database.db
              .execute(sql`insert into mail_inbound (workspace_id, mailbox_id, contact_id, message_id, kind, received_at)
              values (${ws.id}, ${mailboxId}, ${contactId}, ${`<r-${n}@acme.test>`}, 'reply', '2026-05-02T00:00:00Z')`);
            await t.database.db.execute(sql`insert into mail_suppressions (workspace_id, address, reason, contact_id)
              values (${ws.id}, ${`s-${n}@acme.test`}, 'unsubscribed', ${contactId})`);
            // A sequence enrolment (finished: one active per contact and sequence) and what its step did.
            const en = (await t.database.db
              .execute(sql`insert into sequence_enrolments (workspace_id, sequence_id, contact_id, status, enrolled_at)
              values (${ws.id}, ${sequenceId}, ${contactId}, 'completed', '2026-05-01T00:00:00Z') returning id`)) as unknown as {
              rows: { id: string }[];
            };
            await t.database.db
              .execute(sql`insert into sequence_items (workspace_id, sequence_id, enrolment_id, step_id, contact_id, kind, state)
              values (${ws.id}, ${sequenceId}, ${en.rows[0]!.id}, ${stepId}, ${contactId}, 'task', 'done')`);
            await t.database.db
              .execute(sql`insert into chatbot_conversations (workspace_id, visitor_id, contact_id, status)
              values (${ws.id}, ${`v-${n}`}, ${contactId}, 'closed')`);
          } else if (l.kind === 'visitor') {
            // The website widget's link from a browser to the contact it turned out to be.
            await t.database.db
              .execute(sql`insert into website_visitors (workspace_id, visitor_id, contact_id, tracking_consent)
              values (${ws.id}, ${`visitor-${r}-${++mailRows}`}, ${contactId}, 'granted')`);
          } else {
            await t.database.db
              .execute(sql`insert into segment_memberships (workspace_id, contact_id, kind, segment_key, entered_at, left_at)
              values (${ws.id}, ${contactId}, 'rfm', 'Champions', '2026-04-01T00:00:00Z', ${r % 2 ? '2026-05-01T00:00:00Z' : null})`);
          }
        }
        const pool = s.type === 'contacts' ? contacts : companies;
        const [survivor, loser] = s.swap ? [pool[1]!, pool[0]!] : [pool[0]!, pool[1]!];
        const fields = Object.fromEntries(Object.entries(s.choices).filter(([f]) => mergeFields[s.type].includes(f)));

        const before = await snapshot(t, ws.id);
        const merged = await t.services.dataQuality.merge(actor, {
          type: s.type,
          survivorId: survivor.id as string,
          loserId: loser.id as string,
          fields,
        });
        const during = await snapshot(t, ws.id);
        expect(during[s.type]!.some((row: any) => row.id === loser.id)).toBe(false);
        await t.services.dataQuality.undo(actor, merged.merge.id);
        expect(await snapshot(t, ws.id)).toEqual(before);
      }),
      { numRuns: 25 },
    );
  });
});
