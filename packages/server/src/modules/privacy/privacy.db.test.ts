import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testPipeline, type TestApp } from '../../testing/harness';
import { systemClock } from '../../platform/clock';

type Ws = Awaited<ReturnType<TestApp['workspace']>>;
let t: TestApp;

const ok = <T = any>(r: { status: number; body: T }) => {
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
};

async function upload(who: Ws, csv: string) {
  const res = await t.app.request('/api/v1/imports?type=contacts&filename=people.csv', {
    method: 'POST',
    headers: { origin: 'http://localhost', cookie: `pw_session=${who.owner.token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return (await res.json()) as any;
}
async function importCsv(who: Ws, csv: string) {
  const up = await upload(who, csv);
  const started = await t.request('POST', `/api/v1/imports/${up.import.id}/run`, who.owner, {});
  if (started.status === 202) {
    for (let i = 0; i < 400; i++) {
      const job = (await t.request('GET', `/api/v1/jobs/${started.body.job.id}`, who.owner)).body;
      const state = job.state ?? job.job?.state;
      if (state === 'done' || state === 'failed') break;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const id = up.import.id as string;
  return {
    id,
    imp: (await t.request('GET', `/api/v1/imports/${id}`, who.owner)).body.import,
    rejections: (await t.request('GET', `/api/v1/imports/${id}/rejections`, who.owner)).body,
  };
}

/** Every text, JSON and array column of every table, read from the migrated database: new tables are searched too. */
async function searchableColumns() {
  const { rows } = await t.database.query(`select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`);
  return rows as { table_name: string; column_name: string }[];
}
async function hitsOf(needle: string) {
  const hits: string[] = [];
  for (const c of await searchableColumns()) {
    const { rows } = await t.database.query(
      `select count(*)::int as n from "${c.table_name}" where strpos(lower("${c.column_name}"::text), lower($1)) > 0`,
      [needle],
    );
    if (rows[0].n > 0) hits.push(`${c.table_name}.${c.column_name}`);
  }
  // uuid columns (the contact's id kept without a foreign key, e.g. a prediction log) and bytea ones (stored uploads).
  const { rows } = await t.database
    .query(`select c.table_name, c.column_name, c.data_type from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.data_type in ('uuid', 'bytea')`);
  for (const c of rows as { table_name: string; column_name: string; data_type: string }[]) {
    if (c.data_type === 'uuid' && !/^[0-9a-f-]{36}$/i.test(needle)) continue;
    const where =
      c.data_type === 'uuid'
        ? `"${c.column_name}" = $1::uuid`
        : `strpos(lower(convert_from("${c.column_name}", 'UTF8')), lower($1)) > 0`;
    const n = (await t.database.query(`select count(*)::int as n from "${c.table_name}" where ${where}`, [needle]))
      .rows[0].n;
    if (n > 0) hits.push(`${c.table_name}.${c.column_name}`);
  }
  // Uploaded files kept on disk (the files upload store).
  const dir = path.join(process.env.PIPEWISE_DATA_DIR!, 'imports');
  const files = (() => {
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    } catch {
      return [];
    }
  })();
  for (const f of files)
    if (readFileSync(path.join(f.parentPath, f.name), 'utf8').toLowerCase().includes(needle.toLowerCase()))
      hits.push(`upload file ${f.name}`);
  return hits;
}

beforeAll(async () => {
  process.env.PIPEWISE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'pw-privacy-'));
  t = await createTestApp({ clock: systemClock, env: { PIPEWISE_DATA_DIR: process.env.PIPEWISE_DATA_DIR } });
});
afterAll(() => t.dispose());

describe('erasure', () => {
  let ws: Ws;
  let person: any;
  let other: any;
  let orderTotal = 0;
  const secrets = {
    first: 'Zebediah',
    last: 'Quillfeather',
    email: 'zeb.quill@example.test',
    phone: '+1 415 555 0199',
    city: 'Ulaanbaatar',
    note: 'prefers purple llamas',
    memo: 'allergic to walnuts',
  };

  beforeAll(async () => {
    ws = await t.workspace('Erasure');
    ok(await t.request('POST', '/api/v1/pipelines', ws.owner, testPipeline));
    person = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: secrets.first,
        lastName: secrets.last,
        email: secrets.email,
        phone: secrets.phone,
        city: secrets.city,
        title: 'Head of Llamas',
        customFields: { note: secrets.note },
      }),
    );
    other = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Olive',
        lastName: 'Other',
        email: 'olive@example.test',
        customFields: { referral: `referred by ${secrets.email}` },
      }),
    );
    ok(
      await t.request('PATCH', `/api/v1/contacts/${person.id}`, ws.owner, {
        lastName: `${secrets.last}`,
        title: 'Chief Llama Officer',
        consentMarketingEmail: 'granted',
      }),
    );
    ok(
      await t.request('POST', '/api/v1/activities', ws.owner, {
        type: 'call',
        occurredAt: '2026-05-01T10:00:00Z',
        contactId: person.id,
        subject: `Call with ${secrets.first}`,
        body: `${secrets.first} says: ${secrets.memo}`,
      }),
    );
    ok(
      await t.request('POST', '/api/v1/activities', ws.owner, {
        type: 'note',
        occurredAt: '2026-05-02T10:00:00Z',
        contactId: other.id,
        subject: 'Note',
        body: `Olive knows ${secrets.email}`,
      }),
    );
    const product = ok(await t.request('POST', '/api/v1/products', ws.owner, { name: 'Hay', sku: 'H-1', price: 12 }));
    const order = ok(
      await t.request('POST', '/api/v1/orders', ws.owner, {
        contactId: person.id,
        orderedAt: '2026-05-03T00:00:00Z',
        lines: [{ productId: product.id, quantity: 2, unitPrice: 12 }],
      }),
    );
    orderTotal = order.total;
    const stages = ok(await t.request('GET', '/api/v1/pipelines', ws.owner)).data[0].stages;
    ok(
      await t.request('POST', '/api/v1/deals', ws.owner, {
        name: 'Llama deal',
        contactId: person.id,
        stageId: stages[0].id,
        amount: 500,
      }),
    );
    ok(
      await t.request('POST', `/api/v1/contacts/${person.id}/privacy/consent`, ws.owner, {
        purpose: 'profiling',
        state: 'granted',
        reason: 'asked on the phone',
      }),
    );
    // An import that updates the person (previous values kept for revert) and rejects a row of theirs.
    await importCsv(
      ws,
      [
        'Email,First Name,Last Name,Phone,City,Lifecycle Stage',
        `${secrets.email},${secrets.first},${secrets.last},${secrets.phone},Darkhan,customer`,
        `${secrets.email},${secrets.first},${secrets.last},,${secrets.city},not-a-stage`,
      ].join('\n'),
    );
    await t.services.runner.runNow('segments.compute', {}, ws.id);
    // What monitoring logs about them: a score of theirs (normally from the nightly refresh) and a churn-risk flag.
    await t.database.query(
      `insert into monitoring_predictions (workspace_id, model_id, entity, entity_id, model_version, probability, tier, scored_at)
       values ($1, gen_random_uuid(), 'contact', $2, 1, 0.7, 'A', now())`,
      [ws.id, person.id],
    );
    await t.database.query(
      `insert into monitoring_churn_flags (workspace_id, run_id, contact_id, flagged_at, churn_risk) values ($1, gen_random_uuid(), $2, now(), true)`,
      [ws.id, person.id],
    );
  });

  it('finds the planted values before the erasure (the search works)', async () => {
    for (const v of [secrets.first, secrets.email, secrets.memo, secrets.city])
      expect((await hitsOf(v)).length, v).toBeGreaterThan(0);
    expect(await hitsOf(secrets.first)).toEqual(
      expect.arrayContaining(['audit_log.after', 'activities.body', 'import_rejections.cells']),
    );
    // The stored upload: a file (PGlite) or database chunks (PostgreSQL).
    const isUpload = (h: string) => h.startsWith('upload file') || h === 'import_upload_chunks.data';
    expect((await hitsOf(secrets.email)).some(isUpload)).toBe(true);
    expect(await hitsOf(person.id)).toEqual(
      expect.arrayContaining(['monitoring_predictions.entity_id', 'monitoring_churn_flags.contact_id']),
    );
  });

  it('asks for confirmation, then erases the person from every table and column', async () => {
    const refused = await t.request('POST', `/api/v1/contacts/${person.id}/privacy/erase`, ws.owner, {
      confirm: 'someone@else.test',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.field).toBe('confirm');
    const auditBefore = (
      await t.database.query('select count(*)::int as n from audit_log where workspace_id = $1', [ws.id])
    ).rows[0].n;
    const res = ok(
      await t.request('POST', `/api/v1/contacts/${person.id}/privacy/erase`, ws.owner, {
        confirm: secrets.email.toUpperCase(),
        reason: 'GDPR art. 17 request',
      }),
    );
    expect(res.suppressed).toBe(true);
    expect(res.uploadsRemoved).toBe(1);
    expect(res.deleted).toMatchObject({ monitoring_predictions: 1, monitoring_churn_flags: 1 });
    const phoneDigits = secrets.phone.replace(/\D/g, '');
    for (const v of [
      secrets.first,
      secrets.last,
      secrets.email,
      secrets.city,
      secrets.note,
      secrets.memo,
      'Chief Llama Officer',
      'Head of Llamas',
      phoneDigits,
      '555 0199',
      person.id,
    ]) {
      // The bare id stays only in records of what was done (redacted audit entries, an import's undo rows); any other
      // table that keeps it (a prediction log, churn flags) fails here.
      expect((await hitsOf(v)).sort(), v).toEqual(
        v === person.id ? ['audit_log.after', 'audit_log.entity_id', 'import_records.entity_id'] : [],
      );
    }
    // Entries are kept (redacted), the erasure itself is recorded, totals stay, other people are untouched.
    const auditAfter = (
      await t.database.query('select count(*)::int as n from audit_log where workspace_id = $1', [ws.id])
    ).rows[0].n;
    // The erasure's entry, and one naming the import whose stored upload held the person (removed after the commit).
    expect(auditAfter).toBe(auditBefore + 2);
    const orders = ok(await t.request('GET', '/api/v1/orders', ws.owner)).data;
    expect(orders.map((o: any) => o.total)).toContain(orderTotal);
    expect(orders.every((o: any) => o.contactId === null)).toBe(true);
    expect(ok(await t.request('GET', '/api/v1/deals', ws.owner)).data[0].name).toBe('Llama deal');
    const olive = ok(await t.request('GET', `/api/v1/contacts/${other.id}`, ws.owner));
    expect(olive.firstName).toBe('Olive');
    expect(olive.customFields.referral).toBe('referred by (erased)');
    expect((await t.request('GET', `/api/v1/contacts/${person.id}`, ws.owner)).status).toBe(404);
  });

  it('keeps the audit log append-only outside a redaction', async () => {
    await expect(
      t.database.query('update audit_log set after = null where workspace_id = $1', [ws.id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.database.query('delete from audit_log where workspace_id = $1', [ws.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('keeps an erased person out: API create and import are refused until they opt in again', async () => {
    const again = await t.request('POST', '/api/v1/contacts', ws.owner, {
      firstName: 'Zeb',
      email: secrets.email.toUpperCase(),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.details.field).toBe('email');
    const byPhone = await t.request('POST', '/api/v1/contacts', ws.owner, {
      firstName: 'Zeb',
      phone: '(415) 555-0199',
    });
    expect(byPhone.status).toBe(409);
    const { imp, rejections } = await importCsv(
      ws,
      ['Email,First Name', `${secrets.email},${secrets.first}`, 'new.person@example.test,Newton'].join('\n'),
    );
    expect(imp.counts).toMatchObject({ created: 1, rejected: 1 });
    expect(JSON.stringify(rejections)).toMatch(/privacy blocklist/);
    // The new upload itself holds the address as sent (docs/privacy.md, limits); no table does.
    expect(
      (await hitsOf(secrets.email)).filter((h) => !h.startsWith('upload file') && h !== 'import_upload_chunks.data'),
    ).toEqual([]);
    expect(
      ok(
        await t.request(
          'GET',
          `/api/v1/privacy/can-contact?email=${encodeURIComponent(secrets.email)}&purpose=marketing_email`,
          ws.owner,
        ),
      ),
    ).toEqual({ allowed: false, reason: 'erased at their request (blocklist)' });
    const unblocked = await t.services.privacy.unsuppress(ws.actor, {
      email: secrets.email,
      reason: 'opted in again on the website',
    });
    expect(unblocked.removed).toBe(1);
    ok(await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Zeb', email: secrets.email }));
  });
});

describe('access export', () => {
  it('holds a file for every table with a foreign key to contacts (derived from the schema), rows where there are any, and is audited', async () => {
    const ws = await t.workspace('Export');
    const c = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, {
        firstName: 'Ada',
        lastName: 'Export',
        email: 'ada@export.test',
      }),
    );
    ok(
      await t.request('POST', '/api/v1/activities', ws.owner, {
        type: 'note',
        occurredAt: '2026-05-01T10:00:00Z',
        contactId: c.id,
        body: 'likes tea',
      }),
    );
    ok(
      await t.request('POST', `/api/v1/contacts/${c.id}/privacy/consent`, ws.owner, {
        purpose: 'marketing_email',
        state: 'granted',
        reason: 'signed up at the fair',
      }),
    );
    const res = await t.app.request(`/api/v1/contacts/${c.id}/privacy/export`, {
      headers: { origin: 'http://localhost', cookie: `pw_session=${ws.owner.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const { rows: fks } = await t.database
      .query(`select distinct kcu.table_name from information_schema.referential_constraints rc
      join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
      join information_schema.constraint_column_usage ccu on ccu.constraint_name = rc.constraint_name and ccu.constraint_schema = rc.constraint_schema
      where ccu.table_schema = 'public' and ccu.table_name = 'contacts'`);
    expect(fks.length).toBeGreaterThanOrEqual(5);
    for (const { table_name } of fks) {
      expect(Object.keys(files), table_name).toContain(`${table_name}.json`);
      expect(Object.keys(files), table_name).toContain(`${table_name}.csv`);
    }
    const json = (name: string) => JSON.parse(strFromU8(files[`${name}.json`]!)) as any[];
    expect(json('contacts')[0].email).toBe('ada@export.test');
    expect(json('activities')[0].body).toBe('likes tea');
    expect(json('consent_events').map((e: any) => e.reason)).toContain('signed up at the fair');
    expect(json('audit_log').length).toBeGreaterThanOrEqual(2);
    expect(strFromU8(files['contacts.csv']!)).toMatch(/ada@export\.test/);
    const audit = ok(await t.request('GET', `/api/v1/audit?entityType=contact&entityId=${c.id}`, ws.owner));
    expect(JSON.stringify(audit)).toMatch(/privacy\.export/);
  });
});

describe('consent', () => {
  it('keeps the full history with source, wording, legal basis and reason; the person changes it from a signed link', async () => {
    const ws = await t.workspace('Consent');
    const c = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Cora', email: 'cora@consent.test' }),
    );
    const noReason = await t.request('POST', `/api/v1/contacts/${c.id}/privacy/consent`, ws.owner, {
      purpose: 'marketing_email',
      state: 'granted',
      reason: '',
    });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toMatch(/reason/);
    const badPurpose = await t.request('POST', `/api/v1/contacts/${c.id}/privacy/consent`, ws.owner, {
      purpose: 'telepathy',
      state: 'granted',
      reason: 'x y z',
    });
    expect(badPurpose.status).toBe(400);
    ok(
      await t.request('POST', `/api/v1/contacts/${c.id}/privacy/consent`, ws.owner, {
        purpose: 'marketing_email',
        state: 'granted',
        reason: 'ticked the box at the fair',
        legalBasis: 'consent',
      }),
    );
    expect(await t.services.privacy.canContact(ws.id, { contactId: c.id }, 'marketing_email')).toEqual({
      allowed: true,
      reason: 'consent granted',
    });
    expect(
      (await t.services.privacy.canContact(ws.id, { email: 'cora@consent.test' }, 'website_tracking')).allowed,
    ).toBe(false);

    const link = ok(await t.request('GET', `/api/v1/contacts/${c.id}/privacy/preference-link`, ws.owner));
    const forged = await t.request('GET', `/api/public/preferences/${link.token.slice(0, -2)}00`);
    expect(forged.status).toBe(403);
    const prefs = ok(await t.request('GET', `/api/public/preferences/${link.token}`));
    expect(prefs.purposes.find((p: any) => p.purpose === 'marketing_email').state).toBe('granted');
    ok(
      await t.request('POST', `/api/public/preferences/${link.token}`, undefined, {
        choices: [
          { purpose: 'marketing_email', state: 'denied' },
          { purpose: 'chat_transcripts', state: 'granted' },
        ],
      }),
    );
    expect(await t.services.privacy.canContact(ws.id, { contactId: c.id }, 'marketing_email')).toEqual({
      allowed: false,
      reason: 'consent withdrawn',
    });

    const consent = ok(await t.request('GET', `/api/v1/contacts/${c.id}/privacy/consent`, ws.owner));
    const mail = consent.history.filter((h: any) => h.purpose === 'marketing_email');
    expect(mail.map((h: any) => h.state)).toEqual(['granted', 'denied']);
    expect(mail[0]).toMatchObject({ reason: 'ticked the box at the fair', legalBasis: 'consent', wording: null });
    expect(mail[0].source).toMatch(/^staff:/);
    expect(mail[1]).toMatchObject({
      source: 'preference_centre',
      wording: 'Send me news, offers and follow-ups by email.',
      legalBasis: 'consent',
    });
    expect(consent.purposes.find((p: any) => p.purpose === 'chat_transcripts').state).toBe('granted');
    // The old contacts route still lists the same history.
    expect(ok(await t.request('GET', `/api/v1/contacts/${c.id}/consent`, ws.owner)).data).toHaveLength(3);
    const audit = ok(await t.request('GET', `/api/v1/audit?entityType=contact&entityId=${c.id}`, ws.owner));
    expect(JSON.stringify(audit).match(/privacy\.consent/g)?.length).toBe(3);
  });
});

describe('retention and notice', () => {
  it('previews, then anonymises contacts with no activity for the period, audited', async () => {
    const ws = await t.workspace('Retention');
    const old = ok(
      await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Olden', email: 'olden@retention.test' }),
    );
    ok(await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Fresh', email: 'fresh@retention.test' }));
    await t.database.query(`update contacts set updated_at = now() - interval '40 months' where id = $1`, [old.id]);
    expect((await t.request('PUT', '/api/v1/privacy/retention', ws.owner, { months: 0, enabled: true })).status).toBe(
      400,
    );
    ok(await t.request('PUT', '/api/v1/privacy/retention', ws.owner, { months: 36, enabled: true }));
    const preview = ok(await t.request('GET', '/api/v1/privacy/retention/preview', ws.owner));
    expect(preview).toMatchObject({ months: 36, contacts: 1, sample: [old.id] });
    expect(ok(await t.request('GET', '/api/v1/contacts', ws.owner)).data).toHaveLength(2);
    const run: any = await t.services.runner.runNow('privacy.retention', {}, ws.id);
    expect(run.anonymised).toBe(1);
    const left = ok(await t.request('GET', '/api/v1/contacts', ws.owner)).data;
    expect(left.map((c: any) => c.firstName)).toEqual(['Fresh']);
    // Retention is not an objection: the address is not blocklisted.
    ok(await t.request('POST', '/api/v1/contacts', ws.owner, { firstName: 'Olden', email: 'olden@retention.test' }));
    expect(ok(await t.request('GET', '/api/v1/privacy/retention', ws.owner)).inactiveContacts.lastRunCount).toBe(1);
  });

  it('publishes a notice from the workspace settings and a record of processing for staff', async () => {
    const ws = await t.workspace('Notice Co');
    ok(
      await t.request('PUT', '/api/v1/privacy/notice-settings', ws.owner, {
        controller: 'Notice Co Ltd',
        contactEmail: 'privacy@notice.test',
        wording: { marketing_email: 'Send me the monthly newsletter.' },
      }),
    );
    expect(
      (await t.request('PUT', '/api/v1/privacy/notice-settings', ws.owner, { contactEmail: 'not an email' })).body.error
        .details.field,
    ).toBe('contactEmail');
    const notice = ok(await t.request('GET', `/api/public/privacy/${ws.id}/notice`));
    expect(notice.controller).toBe('Notice Co Ltd');
    expect(notice.purposes.find((p: any) => p.purpose === 'marketing_email').wording).toBe(
      'Send me the monthly newsletter.',
    );
    expect(notice.models.map((m: any) => m.name)).toContain('Product recommendations');
    const ropa = ok(await t.request('GET', '/api/v1/privacy/record-of-processing', ws.owner));
    expect(ropa.activities).toHaveLength(4);
  });
});
