import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain. Each entry stores contentHash = sha256(canonical before/after), the hash of the
 * workspace's previous entry (prevHash) and hash = sha256(prevHash + canonical JSON of the entry's identity and its
 * contentHash), so changing, removing or reordering any entry breaks every link after it. The values hang off the
 * chain by their digest so that an erasure (privacy) can redact them without breaking it: the trigger lets only that
 * transaction change before/after and stamps redactedAt; verification checks the values against contentHash for every
 * entry that was not redacted. Entries written before the chain existed have no hash: verification starts at the
 * first hashed one.
 */
export type ChainedFields = {
  workspaceId: string;
  actorType: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  at: Date;
};

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** What JSONB gives back for a value (Dates as ISO strings, undefined dropped): hashed on write and on read alike. */
const asStored = (v: unknown): unknown => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The digest of an entry's values (before/after). */
export const contentHashOf = (e: Pick<ChainedFields, 'before' | 'after'>): string =>
  sha256(canonicalJson({ before: asStored(e.before), after: asStored(e.after) }));

export function entryHash(prevHash: string | null, e: ChainedFields & { contentHash: string }): string {
  const body = canonicalJson({
    workspaceId: e.workspaceId,
    actorType: e.actorType,
    actorId: e.actorId ?? null,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    contentHash: e.contentHash,
    at: e.at.toISOString(),
  });
  return sha256(`${prevHash ?? ''}\n${body}`);
}

export type StoredEntry = ChainedFields & {
  id: number;
  prevHash: string | null;
  hash: string | null;
  contentHash: string | null;
  redactedAt: Date | null;
};
export type ChainReport =
  | { ok: true; entries: number; verified: number; unchained: number; redacted: number }
  | {
      ok: false;
      entries: number;
      verified: number;
      unchained: number;
      redacted: number;
      brokenAt: { id: number; reason: string };
    };

/** Walks a workspace's entries in id order (fed a page at a time) and reports the first one whose link does not hold. */
export function chainVerifier() {
  let last: string | null = null;
  let started = false;
  let entries = 0;
  let verified = 0;
  let unchained = 0;
  let redacted = 0;
  return {
    /** The report when `e` breaks the chain, else null. */
    add(e: StoredEntry): ChainReport | null {
      entries++;
      const fail = (reason: string): ChainReport => ({
        ok: false,
        entries,
        verified,
        unchained,
        redacted,
        brokenAt: { id: e.id, reason },
      });
      if (e.hash === null) {
        // Written before the chain existed; once the chain has started, a missing hash is a forged or damaged entry.
        if (started) return fail('the entry has no hash but follows chained entries');
        unchained++;
        return null;
      }
      if (started && e.prevHash !== last)
        return fail('prevHash does not match the previous entry (an entry was removed or reordered)');
      if (!started && e.prevHash !== null)
        return fail('the first chained entry points at a previous entry that is not there');
      if (e.contentHash === null || entryHash(e.prevHash, { ...e, contentHash: e.contentHash }) !== e.hash) {
        return fail('the entry was changed after it was written (its hash does not match)');
      }
      if (e.redactedAt) redacted++;
      else if (contentHashOf(e) !== e.contentHash) return fail("the entry's values were changed after it was written");
      started = true;
      last = e.hash;
      verified++;
      return null;
    },
    done: (): ChainReport => ({ ok: true, entries, verified, unchained, redacted }),
  };
}

export function verifyChain(list: Iterable<StoredEntry>): ChainReport {
  const v = chainVerifier();
  for (const e of list) {
    const broken = v.add(e);
    if (broken) return broken;
  }
  return v.done();
}
