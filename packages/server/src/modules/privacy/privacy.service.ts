import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import Papa from 'papaparse';
import { zipSync, strToU8 } from 'fflate';
import { z } from 'zod';
import type { Db, Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError, notFound, validationError } from '../../platform/errors';
import { assertRole } from '../auth/access';
import type { AuditService } from '../audit/audit.service';
import {
  consentPurposes,
  consentStates,
  type ConsentPurpose,
  type ConsentState,
  type ContactsService,
} from '../contacts/contacts.service';
import { createPrivacyRepo, type TableInfo } from './privacy.repo';

export const legalBases = ['consent', 'legitimate_interest', 'contract', 'legal_obligation'] as const;
export type LegalBasis = (typeof legalBases)[number];

/** What each purpose means, in words a person can read; the wording shown is stored with every choice. */
export const purposeInfo: Record<ConsentPurpose, { label: string; wording: string; data: string }> = {
  marketing_email: {
    label: 'Marketing email',
    wording: 'Send me news, offers and follow-ups by email.',
    data: 'name, email address, what you opened or clicked',
  },
  profiling: {
    label: 'Profiling and scoring',
    wording: 'Use my orders and activity to score my interest and group me with similar customers.',
    data: 'orders, activities, lifecycle stage, company',
  },
  website_tracking: {
    label: 'Website tracking',
    wording: 'Record which pages I visit on your website.',
    data: 'pages visited, time of visit, browser',
  },
  chat_transcripts: {
    label: 'Chat transcripts',
    wording: 'Keep the transcripts of my chats with you.',
    data: 'chat messages and their times',
  },
};

export const noticeSettingsSchema = z.object({
  controller: z.string().trim().max(200).optional(),
  contactEmail: z.email().max(320).optional(),
  wording: z
    .object(
      Object.fromEntries(consentPurposes.map((p) => [p, z.string().trim().min(5).max(1000)])) as Record<
        ConsentPurpose,
        z.ZodString
      >,
    )
    .partial()
    .optional(),
});
export type NoticeSettings = z.infer<typeof noticeSettingsSchema>;

export const consentChangeSchema = z.object({
  purpose: z.enum(consentPurposes),
  state: z.enum(consentStates),
  reason: z.string().trim().min(3, 'say why the consent changes (at least 3 characters)').max(500),
  legalBasis: z.enum(legalBases).default('consent'),
});
export const retentionPolicySchema = z.object({ months: z.number().int().min(1).max(240), enabled: z.boolean() });

/** zod at the boundary: a bad field is a 400 naming it, never a 500. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error.issues);
  return r.data;
}

const PHONE_DIGITS = 9;
const normalEmail = (e: string) => e.trim().toLowerCase();
/** The last 9 digits: the same number typed as +1 555…, (555) … or 555-… hashes the same. */
const normalPhone = (p: string) => p.replace(/\D/g, '').slice(-PHONE_DIGITS);
const escapeRegex = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/**
 * One regular expression (PostgreSQL ARE) that finds any of the values in text, and its twin for JSON text (where
 * quotes and backslashes are escaped). Phones match by their last digits with any separators between them.
 */
function patternOf(words: string[], phones: string[], wordBounded: boolean) {
  const build = (esc: (s: string) => string) => {
    const alts = [
      ...words.map((w) => (wordBounded ? `(?<![[:alnum:]_])${esc(w)}(?![[:alnum:]_])` : esc(w))),
      ...phones.map((p) => `[-+0-9(). ]*${[...normalPhone(p)].join('[-(). ]{0,3}')}`),
    ];
    return alts.length ? alts.join('|') : null;
  };
  const text = build(escapeRegex);
  const json = build((s) => escapeRegex(JSON.stringify(s).slice(1, -1)));
  return text && json ? { text, json } : null;
}

/** Every string inside a value (JSON objects and arrays walked). */
function stringsIn(values: unknown[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v.trim());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object' && !(v instanceof Date)) Object.values(v).forEach(walk);
  };
  values.forEach(walk);
  return out;
}

export type PrivacyDeps = {
  db: Db;
  clock: Clock;
  audit: AuditService;
  contacts: Pick<ContactsService, 'get' | 'recordConsent' | 'consentHistoryOf' | 'rawGet'>;
  /** PRIVACY_LINK_SECRET from config; without it each workspace's own random key signs its links. */
  linkSecret?: string;
  /**
   * What other modules keep about a contact under its id without a foreign key (monitoring's prediction log and
   * churn flags): deleted in the erasure's transaction. Returns rows deleted per table.
   */
  forgetContact?: (tx: Tx, workspaceId: string, contactId: string) => Promise<Record<string, number>>;
  /** Stored import uploads (files or database chunks) that mention the person: removed after the erasure commits. */
  purgeUploads?: (workspaceId: string, needles: string[]) => Promise<string[]>;
};

export function createPrivacyService({
  db,
  clock,
  audit,
  contacts,
  linkSecret,
  forgetContact,
  purgeUploads,
}: PrivacyDeps) {
  const repo = createPrivacyRepo(db);

  async function settingsOf(tx: Tx, workspaceId: string) {
    const found = await repo.settings(tx, workspaceId);
    if (found) return found;
    await repo.insertSettings(tx, {
      workspaceId,
      hashSalt: randomBytes(32).toString('hex'),
      notice: {},
      updatedAt: clock.now(),
    });
    return (await repo.settings(tx, workspaceId))!;
  }
  const hmac = (key: string, value: string) => createHmac('sha256', key).update(value).digest('hex');
  const hashesOf = (salt: string, who: { email?: string | null; phone?: string | null }) => ({
    email: who.email && normalEmail(who.email) ? hmac(salt, `email:${normalEmail(who.email)}`) : null,
    phone: who.phone && normalPhone(who.phone).length >= 6 ? hmac(salt, `phone:${normalPhone(who.phone)}`) : null,
  });

  /** Is this email or phone on the workspace's blocklist of erased people? */
  async function isSuppressed(tx: Tx, workspaceId: string, who: { email?: string | null; phone?: string | null }) {
    const settings = await repo.settings(tx, workspaceId);
    if (!settings) return false;
    const h = hashesOf(settings.hashSalt, who);
    const [e, p] = await Promise.all([
      h.email ? repo.suppressionHashes(tx, workspaceId, 'email', [h.email]) : [],
      h.phone ? repo.suppressionHashes(tx, workspaceId, 'phone', [h.phone]) : [],
    ]);
    return e.length > 0 || p.length > 0;
  }

  /** For bulk paths (imports): loads the blocklist once, then checks rows without a query each. */
  async function suppressionMatcher(tx: Tx, workspaceId: string) {
    const settings = await repo.settings(tx, workspaceId);
    if (!settings) return () => false;
    const all = await repo.allSuppressions(tx, workspaceId);
    if (all.length === 0) return () => false;
    const set = new Set(all.map((r) => `${r.kind}:${r.hash}`));
    return (who: { email?: string | null; phone?: string | null }) => {
      const h = hashesOf(settings.hashSalt, who);
      return (h.email !== null && set.has(`email:${h.email}`)) || (h.phone !== null && set.has(`phone:${h.phone}`));
    };
  }

  const stateOf = (row: Record<string, unknown>, purpose: ConsentPurpose) =>
    row[
      {
        marketing_email: 'consentMarketingEmail',
        profiling: 'consentProfiling',
        website_tracking: 'consentWebsiteTracking',
        chat_transcripts: 'consentChatTranscripts',
      }[purpose]
    ] as ConsentState;

  async function consentOf(workspaceId: string, contactId: string) {
    const row = await contacts.rawGet(workspaceId, contactId);
    if (!row) throw notFound('Contact', contactId);
    const history = await contacts.consentHistoryOf(workspaceId, contactId);
    const settings = await settingsOf(db, workspaceId);
    const wording = ((settings.notice as NoticeSettings).wording ?? {}) as Partial<Record<ConsentPurpose, string>>;
    return {
      contactId,
      doNotContact: row.doNotContact as boolean,
      purposes: consentPurposes.map((p) => ({
        purpose: p,
        label: purposeInfo[p].label,
        wording: wording[p] ?? purposeInfo[p].wording,
        state: stateOf(row, p),
      })),
      history: history.map((h) => ({
        purpose: h.purpose,
        state: h.state,
        source: h.source,
        wording: h.wording,
        legalBasis: h.legalBasis,
        reason: h.reason,
        occurredAt: h.occurredAt.toISOString(),
      })),
    };
  }

  function signLink(key: string, workspaceId: string, contactId: string) {
    const payload = Buffer.from(`${workspaceId}.${contactId}`).toString('base64url');
    return `${payload}.${hmac(key, `preferences:${payload}`)}`;
  }
  async function verifyLink(token: string) {
    const [payload, sig] = token.split('.');
    const bad = () =>
      new AppError('forbidden', 'This preference link is not valid; use the link from your latest email');
    if (!payload || !sig || !/^[0-9a-f]{64}$/.test(sig)) throw bad();
    const [workspaceId, contactId] = Buffer.from(payload, 'base64url').toString().split('.');
    if (
      !workspaceId ||
      !contactId ||
      !z.uuid().safeParse(workspaceId).success ||
      !z.uuid().safeParse(contactId).success
    )
      throw bad();
    const key = linkSecret ?? (await repo.settings(db, workspaceId))?.hashSalt;
    if (!key) throw bad();
    const expected = Buffer.from(hmac(key, `preferences:${payload}`), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) throw bad();
    return { workspaceId, contactId };
  }

  const systemActor = (workspaceId: string, name: string): Actor =>
    ({ kind: 'system', id: name, userId: null, workspaceId, role: 'admin', name, repsSeeUnassigned: false }) as Actor;

  /** Removes one person's data everywhere in the workspace (see docs/privacy.md); the caller has checked rights. */
  async function eraseContact(actor: Actor, contactId: string, opts: { suppress: boolean; reason: string }) {
    const row = await contacts.rawGet(actor.workspaceId, contactId);
    if (!row) throw notFound('Contact', contactId);
    const str = (v: unknown) => (typeof v === 'string' && v.trim().length >= 2 ? [v.trim()] : []);
    // The values the record holds now and every value it held before (audit entries, import undo data).
    const versions = [row, ...(await repo.pastVersions(db, actor.workspaceId, contactId))];
    const pick = (key: string) => [...new Set(versions.flatMap((v) => str(v[key])))];
    const first = pick('firstName');
    const last = pick('lastName');
    const email = pick('email');
    const phone = pick('phone').filter((p) => normalPhone(p).length >= 6);
    const custom = versions.flatMap((v) =>
      Object.values((v.customFields ?? {}) as Record<string, unknown>).flatMap((x) =>
        typeof x === 'string' && x.trim().length >= 3 ? [x.trim()] : [],
      ),
    );
    const fullNames = first.flatMap((f) => last.map((l) => `${f} ${l}`));
    // Free text of their own rows (activity notes, subjects): sentences, not codes such as a stage or a kind.
    const freeText = stringsIn(await repo.referencingValues(db, actor.workspaceId, contactId)).filter(
      (x) => /\s/.test(x) && x.length >= 8,
    );
    const words = [
      ...new Set([
        ...email,
        ...fullNames,
        ...first,
        ...last,
        ...pick('title'),
        ...pick('city'),
        ...pick('externalId'),
        ...custom,
        ...freeText,
      ]),
    ].sort((a, b) => b.length - a.length);
    const all = patternOf(words, phone, true);
    const strong = patternOf(email, phone, false);
    const started = performance.now();
    const tables = await repo.workspaceTables();
    const refs = await repo.contactReferences();
    const result = await db.transaction(async (tx) => {
      await repo.allowAuditRedaction(tx);
      const redacted: Record<string, number> = {};
      if (all) {
        for (const t of tables) {
          const n = await repo.redactTable(tx, actor.workspaceId, t, contactId, { all, strong });
          if (n) redacted[t.name] = n;
        }
      }
      const deleted: Record<string, number> = {};
      for (const ref of refs.filter(
        (r) => r.deleteRule !== 'CASCADE' && r.deleteRule !== 'SET NULL' && r.deleteRule !== 'SET DEFAULT',
      )) {
        const n = await repo.deleteReferencing(tx, actor.workspaceId, ref, contactId);
        if (n) deleted[ref.table] = n;
      }
      for (const [table, n] of Object.entries((await forgetContact?.(tx, actor.workspaceId, contactId)) ?? {}))
        if (n) deleted[table] = n;
      await repo.deleteContact(tx, actor.workspaceId, contactId);
      let suppressed = false;
      if (opts.suppress) {
        const settings = await settingsOf(tx, actor.workspaceId);
        const h = hashesOf(settings.hashSalt, {
          email: typeof row.email === 'string' ? row.email : null,
          phone: typeof row.phone === 'string' ? row.phone : null,
        });
        const at = clock.now();
        const rows = [
          ...(h.email ? [{ kind: 'email' as const, hash: h.email }] : []),
          ...(h.phone ? [{ kind: 'phone' as const, hash: h.phone }] : []),
        ];
        await repo.insertSuppressions(
          tx,
          rows.map((r) => ({ ...r, workspaceId: actor.workspaceId, reason: opts.reason, createdAt: at })),
        );
        suppressed = rows.length > 0;
      }
      // The entry names the record id and what was done, never the person's data.
      await audit.record(tx, actor, {
        action: 'privacy.erase',
        entityType: 'contact',
        entityId: contactId,
        after: {
          reason: opts.reason,
          redactedRows: redacted,
          cascaded: refs.map((r) => `${r.table}.${r.column}: ${r.deleteRule}`),
          deleted,
          suppressed,
        },
      });
      return { redacted, deleted, suppressed };
    });
    // Uploaded files are not rows: the imports module removes any that hold the person (after the commit, as a file
    // removal cannot be rolled back). An upload that cannot be read is already gone.
    const uploadsRemoved = purgeUploads
      ? await purgeUploads(actor.workspaceId, [...email, ...phone, ...fullNames])
      : [];
    if (uploadsRemoved.length)
      await db.transaction((tx) =>
        audit.record(tx, actor, {
          action: 'privacy.erase_uploads',
          entityType: 'contact',
          entityId: contactId,
          after: { imports: uploadsRemoved },
        }),
      );
    return {
      contactId,
      ...result,
      uploadsRemoved: uploadsRemoved.length,
      seconds: Math.round(performance.now() - started) / 1000,
    };
  }

  async function retentionCandidates(workspaceId: string, months: number, limit: number) {
    const now = clock.now();
    const before = new Date(
      Date.UTC(
        now.getUTCFullYear(),
        now.getUTCMonth() - months,
        now.getUTCDate(),
        now.getUTCHours(),
        now.getUTCMinutes(),
      ),
    );
    return { before, ids: (await repo.inactiveContacts(db, workspaceId, before, limit)).map((r) => r.id) };
  }

  const service = {
    isSuppressed,
    suppressionMatcher,

    /**
     * May we contact this person for this purpose? For the mail engineer: a contact id or an email. Denied when the
     * address is on the blocklist, the contact is marked do-not-contact, or the purpose is not granted.
     */
    async canContact(workspaceId: string, who: { contactId?: string; email?: string }, purpose: ConsentPurpose) {
      if (who.email && (await isSuppressed(db, workspaceId, { email: who.email })))
        return { allowed: false, reason: 'erased at their request (blocklist)' };
      const id =
        who.contactId ?? (who.email ? (await repo.contactIdsByEmail(db, workspaceId, who.email))[0]?.id : undefined);
      const row = id ? await contacts.rawGet(workspaceId, id) : undefined;
      if (!row) return { allowed: false, reason: 'no such contact' };
      if (await isSuppressed(db, workspaceId, { email: row.email as string | null, phone: row.phone as string | null }))
        return { allowed: false, reason: 'erased at their request (blocklist)' };
      if (row.doNotContact && purpose === 'marketing_email') return { allowed: false, reason: 'marked do not contact' };
      const state = stateOf(row, purpose);
      return state === 'granted'
        ? { allowed: true, reason: 'consent granted' }
        : { allowed: false, reason: state === 'denied' ? 'consent withdrawn' : 'no consent recorded' };
    },

    /** Contacts who objected to profiling: scoring, segments and recommendations leave them out from the next run. */
    async profilingExcluded(workspaceId: string) {
      return new Set(await repo.contactIdsWithConsent(workspaceId, 'consent_profiling', 'denied'));
    },

    async consent(actor: Actor, contactId: string) {
      await contacts.get(actor, contactId); // may this actor see the contact?
      return consentOf(actor.workspaceId, contactId);
    },

    /** Staff change a consent, with a reason; history and audit in one transaction. */
    async setConsent(actor: Actor, contactId: string, input: unknown) {
      assertRole(actor, 'rep');
      await contacts.get(actor, contactId);
      const change = parseInput(consentChangeSchema, input);
      await db.transaction(async (tx) => {
        const source =
          actor.kind === 'user' ? `staff:${actor.id}` : actor.kind === 'api_key' ? `api_key:${actor.id}` : 'system';
        const r = await contacts.recordConsent(
          tx,
          actor.workspaceId,
          contactId,
          { ...change, source, wording: null },
          clock.now(),
        );
        await audit.record(tx, actor, {
          action: 'privacy.consent',
          entityType: 'contact',
          entityId: contactId,
          before: { [change.purpose]: r.before },
          after: { [change.purpose]: r.after, reason: change.reason, legalBasis: change.legalBasis },
        });
      });
      return consentOf(actor.workspaceId, contactId);
    },

    /**
     * Consent given by the person themselves (a chat lead, a website form), with the exact wording they were shown;
     * history and audit in the caller's transaction. `source` names the channel ("chat:<conversation id>").
     */
    async recordVisitorConsents(
      tx: Tx,
      actor: Actor,
      contactId: string,
      consents: { purpose: ConsentPurpose; granted: boolean; wording: string }[],
      source: string,
    ) {
      for (const c of consents) {
        const r = await contacts.recordConsent(
          tx,
          actor.workspaceId,
          contactId,
          {
            purpose: c.purpose,
            state: c.granted ? 'granted' : 'denied',
            source,
            wording: c.wording,
            legalBasis: 'consent',
          },
          clock.now(),
        );
        await audit.record(tx, actor, {
          action: 'privacy.consent',
          entityType: 'contact',
          entityId: contactId,
          before: { [c.purpose]: r.before },
          after: { [c.purpose]: r.after, source, wording: c.wording },
        });
      }
    },

    /** A signed link to the person's own preference centre (the mail module puts it in every email). */
    async preferenceLink(actor: Actor, contactId: string) {
      await contacts.get(actor, contactId);
      const key = linkSecret ?? (await settingsOf(db, actor.workspaceId)).hashSalt;
      return {
        token: signLink(key, actor.workspaceId, contactId),
        path: `/preferences/${signLink(key, actor.workspaceId, contactId)}`,
      };
    },
    /** The same link for services (mail) that act for the workspace, not for a person. */
    async preferenceTokenFor(workspaceId: string, contactId: string) {
      return signLink(linkSecret ?? (await settingsOf(db, workspaceId)).hashSalt, workspaceId, contactId);
    },

    async publicPreferences(token: string) {
      const { workspaceId, contactId } = await verifyLink(token);
      const c = await consentOf(workspaceId, contactId);
      const facts = await repo.noticeFacts(workspaceId);
      return { workspaceName: facts.workspaceName ?? 'this business', purposes: c.purposes, history: c.history };
    },

    /** The person sets their own choices: each stored with the words they were shown. */
    async setPublicPreferences(token: string, input: unknown) {
      const { workspaceId, contactId } = await verifyLink(token);
      const body = parseInput(
        z.object({
          choices: z
            .array(z.object({ purpose: z.enum(consentPurposes), state: z.enum(['granted', 'denied']) }))
            .min(1)
            .max(consentPurposes.length),
        }),
        input,
      );
      const current = await consentOf(workspaceId, contactId);
      const actor = systemActor(workspaceId, 'preference-centre');
      await db.transaction(async (tx) => {
        for (const choice of body.choices) {
          const shown = current.purposes.find((p) => p.purpose === choice.purpose)!;
          if (shown.state === choice.state) continue;
          const r = await contacts.recordConsent(
            tx,
            workspaceId,
            contactId,
            { ...choice, source: 'preference_centre', wording: shown.wording, legalBasis: 'consent', reason: null },
            clock.now(),
          );
          await audit.record(tx, actor, {
            action: 'privacy.consent',
            entityType: 'contact',
            entityId: contactId,
            before: { [choice.purpose]: r.before },
            after: { [choice.purpose]: r.after, source: 'preference_centre' },
          });
        }
      });
      return service.publicPreferences(token);
    },

    /** Contact ids with this email (the CLI's `--email`). */
    async contactsByEmail(actor: Actor, email: string) {
      const ids = (await repo.contactIdsByEmail(db, actor.workspaceId, email)).map((r) => r.id);
      if (ids.length === 0) throw new AppError('not_found', `No contact with the email ${email}`, { field: 'email' });
      return ids;
    },

    /** Everything held about one person, as a zip of JSON and CSV files (one per table), audited. */
    async exportContact(actor: Actor, contactId: string) {
      assertRole(actor, 'manager');
      const row = await contacts.rawGet(actor.workspaceId, contactId);
      if (!row) throw notFound('Contact', contactId);
      const started = performance.now();
      const strong = patternOf(
        typeof row.email === 'string' && row.email ? [row.email] : [],
        typeof row.phone === 'string' && normalPhone(row.phone).length >= 6 ? [row.phone] : [],
        false,
      );
      const tables = await repo.workspaceTables();
      const refs = await repo.contactReferences();
      const files: Record<string, Uint8Array> = {};
      const counts: Record<string, number> = {};
      const skip = new Set(['privacy_settings', 'privacy_suppressions']);
      for (const t of tables as TableInfo[]) {
        if (skip.has(t.name)) continue;
        const rows = await repo.rowsAbout(db, actor.workspaceId, t, contactId, strong?.text ?? null, 100_000);
        // Every table with a foreign key to contacts gets a file, even empty: the reader sees it was looked at.
        if (rows.length === 0 && !refs.some((r) => r.table === t.name)) continue;
        counts[t.name] = rows.length;
        files[`${t.name}.json`] = strToU8(JSON.stringify(rows, null, 2));
        const flat = rows.map((r) =>
          Object.fromEntries(
            Object.entries(r).map(([k, v]) => [
              k,
              v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v,
            ]),
          ),
        );
        files[`${t.name}.csv`] = strToU8(
          Papa.unparse(flat.length ? flat : { fields: t.columns.map((c) => c.name), data: [] }),
        );
      }
      const at = clock.now();
      files['README.txt'] = strToU8(
        `Everything this workspace holds about contact ${contactId}, exported ${at.toISOString()}.\n` +
          'One JSON and one CSV file per table; the consent history is in consent_events, audit entries about the person in audit_log.\n',
      );
      const zip = zipSync(files, { level: 6 });
      await audit.recordExport(actor, {
        action: 'privacy.export',
        entityType: 'contact',
        entityId: contactId,
        after: { tables: counts, bytes: zip.length },
      });
      return {
        fileName: `pipewise-contact-${contactId}.zip`,
        zip,
        counts,
        seconds: Math.round(performance.now() - started) / 1000,
      };
    },

    /** What a person must type to confirm an erasure: the contact's email, or its id when it has none. */
    async confirmationFor(actor: Actor, contactId: string) {
      const row = await contacts.get(actor, contactId);
      return typeof row.email === 'string' && row.email ? row.email : contactId;
    },

    async erase(actor: Actor, contactId: string, opts: { reason?: string } = {}) {
      assertRole(actor, 'admin');
      await contacts.get(actor, contactId);
      return eraseContact(actor, contactId, { suppress: true, reason: opts.reason?.trim() || 'erasure request' });
    },

    /** Lets an erased person back in (they opted in again): removes their hashes from the blocklist. */
    async unsuppress(actor: Actor, who: { email?: string; phone?: string; reason: string }) {
      assertRole(actor, 'admin');
      return db.transaction(async (tx) => {
        const h = hashesOf((await settingsOf(tx, actor.workspaceId)).hashSalt, who);
        let removed = 0;
        if (h.email) removed += await repo.deleteSuppressions(tx, actor.workspaceId, 'email', h.email);
        if (h.phone) removed += await repo.deleteSuppressions(tx, actor.workspaceId, 'phone', h.phone);
        await audit.record(tx, actor, {
          action: 'privacy.unsuppress',
          entityType: 'privacy_suppression',
          after: { removed, reason: who.reason },
        });
        return { removed };
      });
    },

    async retention(actor: Actor) {
      const policies = await repo.policies(db, actor.workspaceId);
      const p = policies.find((x) => x.kind === 'inactive_contacts');
      return {
        inactiveContacts: p
          ? {
              months: p.months,
              enabled: p.enabled,
              lastRunAt: p.lastRunAt?.toISOString() ?? null,
              lastRunCount: p.lastRunCount,
            }
          : null,
      };
    },
    async setRetention(actor: Actor, input: unknown) {
      assertRole(actor, 'admin');
      const v = parseInput(retentionPolicySchema, input);
      await db.transaction(async (tx) => {
        const before = (await repo.policies(tx, actor.workspaceId)).find((x) => x.kind === 'inactive_contacts');
        const [row] = await repo.upsertPolicy(tx, {
          workspaceId: actor.workspaceId,
          kind: 'inactive_contacts',
          months: v.months,
          enabled: v.enabled,
          updatedAt: clock.now(),
        });
        await audit.record(tx, actor, {
          action: 'privacy.retention.update',
          entityType: 'privacy_retention_policy',
          entityId: row!.id,
          before: before ? { months: before.months, enabled: before.enabled } : null,
          after: v,
        });
      });
      return service.retention(actor);
    },
    /** What a run would anonymise now, without changing anything. */
    async retentionPreview(actor: Actor, months?: number) {
      const policy = (await service.retention(actor)).inactiveContacts;
      const m = months ?? policy?.months;
      if (!m) throw new AppError('validation', 'Set a retention period first (months)', { field: 'months' });
      const { before, ids } = await retentionCandidates(actor.workspaceId, m, 100_000);
      return { months: m, inactiveSince: before.toISOString(), contacts: ids.length, sample: ids.slice(0, 20) };
    },
    /** Anonymises the contacts the policy names (no blocklist: they did not object), audited per contact. */
    async runRetention(workspaceId: string, actor: Actor = systemActor(workspaceId, 'retention')) {
      const policy = (await repo.policies(db, workspaceId)).find((x) => x.kind === 'inactive_contacts' && x.enabled);
      if (!policy) return { anonymised: 0, months: null as number | null };
      const { ids } = await retentionCandidates(workspaceId, policy.months, 100_000);
      for (const id of ids)
        await eraseContact(actor, id, {
          suppress: false,
          reason: `retention: no activity for ${policy.months} months`,
        });
      await db.transaction(async (tx) => {
        await repo.markPolicyRun(tx, policy.id, clock.now(), ids.length);
        await audit.record(tx, actor, {
          action: 'privacy.retention.run',
          entityType: 'privacy_retention_policy',
          entityId: policy.id,
          after: { months: policy.months, anonymised: ids.length },
        });
      });
      return { anonymised: ids.length, months: policy.months };
    },
    async runRetentionAsStaff(actor: Actor) {
      assertRole(actor, 'admin');
      return service.runRetention(actor.workspaceId, actor);
    },
    enabledRetentionWorkspaces: async () => [...new Set((await repo.enabledPolicies()).map((p) => p.workspaceId))],

    async noticeSettings(actor: Actor) {
      return noticeSettingsSchema.parse((await settingsOf(db, actor.workspaceId)).notice ?? {});
    },
    async setNoticeSettings(actor: Actor, input: unknown) {
      assertRole(actor, 'admin');
      const v = parseInput(noticeSettingsSchema, input);
      await db.transaction(async (tx) => {
        const before = (await settingsOf(tx, actor.workspaceId)).notice;
        await repo.updateNotice(tx, actor.workspaceId, v, clock.now());
        await audit.record(tx, actor, {
          action: 'privacy.notice.update',
          entityType: 'privacy_settings',
          entityId: actor.workspaceId,
          before,
          after: v,
        });
      });
      return v;
    },

    /** The public "How we use AI and your data" notice, generated from the workspace's settings and models. */
    async notice(workspaceId: string) {
      const facts = await repo.noticeFacts(workspaceId);
      if (!facts.workspaceName) throw notFound('Workspace', workspaceId);
      const s = noticeSettingsSchema.parse((await settingsOf(db, workspaceId)).notice ?? {});
      const models = [
        ...facts.models.map((m) => ({
          name: m.target === 'contact_conversion' ? 'Lead score' : 'Deal score',
          purpose: 'profiling' as const,
          description: `A ${m.family} model (version ${m.version}) estimates how likely a ${m.target === 'contact_conversion' ? 'lead is to become a customer' : 'deal is to be won'}, from the CRM record and its activity. Staff see the score and the factors behind it; no decision is made automatically.`,
        })),
        ...(facts.segmentRuns
          ? [
              {
                name: 'Customer segments (RFM)',
                purpose: 'profiling' as const,
                description:
                  'Customers are grouped by how recently, how often and how much they bought, to choose offers and follow-ups.',
              },
            ]
          : []),
        {
          name: 'Product recommendations',
          purpose: 'profiling' as const,
          description: 'Products are suggested from what similar customers bought together.',
        },
      ];
      return {
        workspaceName: facts.workspaceName,
        controller: s.controller ?? facts.workspaceName,
        contactEmail: s.contactEmail ?? null,
        purposes: consentPurposes.map((p) => ({
          purpose: p,
          label: purposeInfo[p].label,
          data: purposeInfo[p].data,
          wording: s.wording?.[p] ?? purposeInfo[p].wording,
          legalBasis:
            p === 'marketing_email' || p === 'website_tracking' || p === 'chat_transcripts'
              ? 'consent'
              : 'legitimate interest (you may object at any time)',
        })),
        models,
        rights: [
          'See everything we hold about you (access)',
          'Have it erased (erasure)',
          'Object to profiling and scoring',
          'Change your consent at any time from the link in our emails',
        ],
      };
    },

    /** The staff-facing record of processing activities (GDPR art. 30). */
    async recordOfProcessing(actor: Actor) {
      const n = await service.notice(actor.workspaceId);
      const retention = (await service.retention(actor)).inactiveContacts;
      const facts = await repo.noticeFacts(actor.workspaceId);
      return {
        controller: n.controller,
        contactEmail: n.contactEmail,
        contacts: facts.contacts,
        suppressed: await repo.countSuppressions(actor.workspaceId),
        activities: n.purposes.map((p) => ({
          purpose: p.label,
          legalBasis: p.legalBasis,
          categories: p.data,
          recipients: 'workspace staff; no transfer outside this installation',
          retention: retention?.enabled
            ? `contacts anonymised after ${retention.months} months without activity`
            : 'no automatic retention policy',
        })),
        models: n.models,
      };
    },
  };
  return service;
}
export type PrivacyService = ReturnType<typeof createPrivacyService>;
export type SuppressionMatcher = Awaited<ReturnType<PrivacyService['suppressionMatcher']>>;
