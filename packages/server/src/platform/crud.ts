import { and, count, eq, getTableColumns, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PgTable, PgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Db, Tx } from './db';
import type { Actor } from './http';
import type { Clock } from './clock';
import { AppError, notFound, validationError } from './errors';
import { isUuid } from './uuid';
import {
  filterConditions,
  parseListParams,
  searchCondition,
  sortAndCursor,
  type ListFields,
  type ListParams,
} from './list-query';
import { assertCanWrite, ownerScope, ownsOrMaySee } from './roles';
import { changedFields } from './changes';
import type { AuditService } from '../modules/audit/audit.service';

type RecordTable = PgTable & {
  id: PgColumn;
  workspaceId: PgColumn;
  updatedAt?: PgColumn;
  ownerId?: PgColumn;
  externalId?: PgColumn;
};
type Row = Record<string, unknown> & { id: string };

/** A reference to another workspace-scoped table: checked on write (no pointing into another workspace), named on read. */
export type Reference = {
  table: PgTable & { id: PgColumn; workspaceId: PgColumn };
  label?: { as: string; expr: SQL | AnyColumn };
};

export type CrudConfig = {
  entity: string;
  table: RecordTable;
  fields: ListFields;
  search?: { document: SQL };
  /** Rows are visible to reps only when they own them (see access.ts). */
  ownerScoped: boolean;
  /** Visibility for tables without an owner of their own (orders follow their contact's owner); none: all rows. */
  scope?: (actor: Actor) => SQL | undefined;
  references: Record<string, Reference>;
  defaultSort?: string;
};

/** All SQL for a plain record table; a module's repo builds on it and adds its own queries. */
export function createCrudRepo(db: Db, cfg: CrudConfig) {
  const t = cfg.table as any;
  const scoped = (actor: Actor): SQL[] => {
    const conds: SQL[] = [eq(t.workspaceId, actor.workspaceId)];
    const own = cfg.ownerScoped ? ownerScope(actor, t.ownerId) : cfg.scope?.(actor);
    if (own) conds.push(own);
    return conds;
  };

  async function withLabels(rows: Row[], tx: Tx = db): Promise<Row[]> {
    if (rows.length === 0) return rows;
    for (const [field, ref] of Object.entries(cfg.references)) {
      if (!ref.label) continue;
      const ids = [...new Set(rows.map((r) => r[field]).filter((v): v is string => typeof v === 'string'))];
      const names = new Map<string, unknown>();
      if (ids.length) {
        const rt = ref.table as any;
        const found = await tx
          .select({ id: rt.id, label: ref.label.expr as SQL })
          .from(ref.table)
          .where(inArray(rt.id, ids));
        for (const f of found) names.set(f.id as string, f.label);
      }
      for (const r of rows)
        r[ref.label.as] = typeof r[field] === 'string' ? (names.get(r[field] as string) ?? null) : null;
    }
    return rows;
  }

  // A list page names its references in the same query (a correlated subquery per label) instead of one more query
  // per reference. A reference to the record's own table would be ambiguous there: those are named afterwards.
  const inlineLabels = Object.entries(cfg.references).filter(([, ref]) => ref.label && ref.table !== cfg.table);
  const afterLabels = Object.entries(cfg.references).filter(([, ref]) => ref.label && ref.table === cfg.table);
  const listColumns: Record<string, unknown> = { ...getTableColumns(cfg.table) };
  for (const [field, ref] of inlineLabels) {
    const rt = ref.table as any;
    listColumns[ref.label!.as] =
      sql`(select ${ref.label!.expr} from ${ref.table} where ${rt.id} = ${t[field]} limit 1)`;
  }
  async function withLabelsAfterList(rows: Row[]): Promise<Row[]> {
    if (afterLabels.length === 0) return rows;
    return createCrudRepo(db, { ...cfg, references: Object.fromEntries(afterLabels) }).withLabels(rows);
  }

  return {
    cfg,
    scoped,
    withLabels,
    async list(actor: Actor, params: ListParams, extra: SQL[] = []) {
      const conds = [...scoped(actor), ...filterConditions(params, cfg.fields), ...extra];
      const search = cfg.search ? searchCondition(params.q, cfg.search.document) : undefined;
      if (search) conds.push(search);
      const { orderBy, after, next } = sortAndCursor(params, cfg.fields, t.id, cfg.defaultSort, Boolean(search));
      const pageConds = after ? [...conds, after] : conds;
      const rows = (await db
        .select(listColumns as any)
        .from(cfg.table)
        .where(and(...pageConds))
        .orderBy(...orderBy)
        .limit(params.limit + 1)) as Row[];
      const more = rows.length > params.limit;
      const data = more ? rows.slice(0, params.limit) : rows;
      const total = params.count
        ? (
            await db
              .select({ n: count() })
              .from(cfg.table)
              .where(and(...conds))
          )[0]!.n
        : undefined;
      return {
        data: await withLabelsAfterList(data),
        nextCursor: more ? next(data.at(-1)!) : null,
        ...(total === undefined ? {} : { total }),
      };
    },
    async get(workspaceId: string, id: string, tx: Tx = db): Promise<Row | undefined> {
      if (!isUuid(id)) return undefined;
      return (
        (await tx
          .select()
          .from(cfg.table)
          .where(and(eq(t.id, id), eq(t.workspaceId, workspaceId)))
          .limit(1)) as Row[]
      )[0];
    },
    /** One row, only when the actor may see it (workspace and owner rules): what get, update and delete act on. */
    async getVisible(actor: Actor, id: string, tx: Tx = db): Promise<Row | undefined> {
      if (!isUuid(id)) return undefined;
      return (
        (await tx
          .select()
          .from(cfg.table)
          .where(and(eq(t.id, id), ...scoped(actor)))
          .limit(1)) as Row[]
      )[0];
    },
    async byIds(tx: Tx, workspaceId: string, ids: string[]): Promise<Row[]> {
      if (ids.length === 0) return [];
      return (await tx
        .select()
        .from(cfg.table)
        .where(and(eq(t.workspaceId, workspaceId), inArray(t.id, ids)))) as Row[];
    },
    async byColumn(tx: Tx, workspaceId: string, column: string, values: string[]): Promise<Row[]> {
      if (values.length === 0) return [];
      return (await tx
        .select()
        .from(cfg.table)
        .where(and(eq(t.workspaceId, workspaceId), inArray(t[column], values)))) as Row[];
    },
    insert: async (tx: Tx, values: Record<string, unknown>[]) =>
      (await tx
        .insert(cfg.table)
        .values(values as any)
        .returning()) as Row[],
    async update(tx: Tx, workspaceId: string, id: string, patch: Record<string, unknown>) {
      return (
        (await tx
          .update(cfg.table)
          .set(patch as any)
          .where(and(eq(t.id, id), eq(t.workspaceId, workspaceId)))
          .returning()) as Row[]
      )[0];
    },
    remove: (tx: Tx, workspaceId: string, id: string) =>
      tx.delete(cfg.table).where(and(eq(t.id, id), eq(t.workspaceId, workspaceId))),
    /**
     * Ids among `ids` that do not exist in this workspace's `table`, or (given an actor) that the actor may not see:
     * a rep pointing a deal at another rep's contact gets the same answer as for a contact that does not exist.
     */
    async missingRefs(tx: Tx, workspaceId: string, ref: Reference, ids: string[], actor?: Actor): Promise<string[]> {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      const bad = unique.filter((id) => !isUuid(id));
      const rt = ref.table as any;
      const visible = actor && rt.ownerId ? ownerScope(actor, rt.ownerId) : undefined;
      const found = await tx
        .select({ id: rt.id })
        .from(ref.table)
        .where(and(eq(rt.workspaceId, workspaceId), inArray(rt.id, unique.filter(isUuid)), visible));
      const have = new Set(found.map((f: { id: unknown }) => f.id as string));
      return [...bad, ...unique.filter((id) => isUuid(id) && !have.has(id))];
    },
  };
}
export type CrudRepo = ReturnType<typeof createCrudRepo>;

export { isUuid };

export type CrudHooks = {
  /** Runs inside the write transaction before insert/update: derive fields, enforce entity rules. */
  beforeWrite?: (
    tx: Tx,
    actor: Actor,
    values: Record<string, unknown>,
    existing: Row | undefined,
  ) => Promise<unknown> | unknown;
  /** Gets what beforeWrite returned, e.g. child rows to write once the parent has its id. */
  afterWrite?: (tx: Tx, actor: Actor, row: Row, existing: Row | undefined, carried: unknown) => Promise<void> | void;
  /** Keys besides id and externalId that identify an existing record on bulk upsert (e.g. email for contacts). */
  naturalKey?: string;
};

export type CrudServiceDeps = {
  db: Db;
  audit: AuditService;
  clock: Clock;
  /** The workspace's custom field rules (types, options, required), checked on every create and customFields change. */
  checkCustomFields?: (
    tx: Tx,
    workspaceId: string,
    entity: string,
    values: Record<string, unknown> | undefined,
    creating: boolean,
  ) => Promise<void>;
};

/** Create/read/update/delete with workspace scoping, owner rules, reference checks and audit, for one record table. */
export function createCrudService<C extends z.ZodType, P extends z.ZodType>(
  deps: CrudServiceDeps,
  repo: CrudRepo,
  schemas: { create: C; patch: P },
  hooks: CrudHooks = {},
) {
  const { db, audit, clock } = deps;
  const { cfg } = repo;
  const entity = cfg.entity;

  async function checkRefs(tx: Tx, actor: Actor, values: Record<string, unknown>[], path = (_i: number) => '') {
    for (const [field, ref] of Object.entries(cfg.references)) {
      const ids = values.map((v) => v[field]).filter((v): v is string => typeof v === 'string');
      const missing = await repo.missingRefs(tx, actor.workspaceId, ref, ids, actor);
      if (missing.length) {
        const i = values.findIndex((v) => v[field] === missing[0]);
        const where = path(i) + field;
        throw new AppError('validation', `Invalid ${where}: no such record in this workspace (${missing[0]})`, {
          field: where,
        });
      }
    }
  }

  function assertMayTouch(actor: Actor, row: Row | undefined, id: string): Row {
    if (!row || (cfg.ownerScoped && !ownsOrMaySee(actor, row.ownerId as string | null)))
      throw notFound(capitalise(entity), id);
    return row;
  }
  /** The row when it exists and the actor may see it (repo.scoped: owner or custom scope), else not found. */
  const loadVisible = async (actor: Actor, id: string, tx?: Tx) =>
    assertMayTouch(actor, await repo.getVisible(actor, id, tx), id);

  function assertOwnerAllowed(actor: Actor, values: Record<string, unknown>, where = '') {
    // A rep may only create or hand records to themselves (or leave them unassigned when that is allowed).
    if (!cfg.ownerScoped || actor.role !== 'rep' || !('ownerId' in values)) return;
    const owner = values.ownerId;
    if (owner === actor.userId || (owner == null && actor.repsSeeUnassigned)) return;
    throw new AppError('forbidden', 'A rep can only assign records to themselves', { field: `${where}ownerId` });
  }

  function parse<S extends z.ZodType>(schema: S, input: unknown, where = ''): z.infer<S> {
    const r = schema.safeParse(input);
    if (!r.success) throw validationError(r.error.issues, where);
    return r.data;
  }

  const service = {
    repo,
    list: (actor: Actor, search: URLSearchParams, extra: SQL[] = []) =>
      repo.list(actor, parseListParams(search, cfg.fields), extra),

    async get(actor: Actor, id: string) {
      const row = await loadVisible(actor, id);
      return (await repo.withLabels([row]))[0]!;
    },

    async create(actor: Actor, input: unknown, tx?: Tx) {
      assertCanWrite(actor);
      const values = parse(schemas.create, input) as Record<string, unknown>;
      if (cfg.ownerScoped && actor.role === 'rep' && !('ownerId' in values)) values.ownerId = actor.userId;
      assertOwnerAllowed(actor, values);
      const run = async (t: Tx) => {
        await checkRefs(t, actor, [values]);
        await deps.checkCustomFields?.(t, actor.workspaceId, entity, values.customFields as never, true);
        const now = clock.now();
        const full = { ...values, workspaceId: actor.workspaceId, createdAt: now, updatedAt: now };
        const carried = await hooks.beforeWrite?.(t, actor, full, undefined);
        const row = (await repo.insert(t, [full]))[0]!;
        await hooks.afterWrite?.(t, actor, row, undefined, carried);
        await audit.record(t, actor, { action: `${entity}.create`, entityType: entity, entityId: row.id, after: row });
        return row;
      };
      const row = await (tx ? run(tx) : db.transaction(run)).catch(mapDbError);
      // Inside a caller's transaction every query must use it: PGlite has one connection, and waiting on it would deadlock.
      return (await repo.withLabels([row], tx))[0]!;
    },

    async update(actor: Actor, id: string, input: unknown, tx?: Tx) {
      assertCanWrite(actor);
      const patch = parse(schemas.patch, input) as Record<string, unknown>;
      assertOwnerAllowed(actor, patch);
      const run = async (t: Tx) => {
        const before = await loadVisible(actor, id, t);
        // After the visibility check: a record the actor may not see is "not found" whatever the body.
        if (Object.keys(patch).length === 0)
          throw new AppError('validation', 'Invalid body: send at least one field to change', { field: 'body' });
        await checkRefs(t, actor, [patch]);
        await deps.checkCustomFields?.(t, actor.workspaceId, entity, patch.customFields as never, false);
        const values = { ...patch, updatedAt: clock.now() };
        const carried = await hooks.beforeWrite?.(t, actor, values, before);
        const after = (await repo.update(t, actor.workspaceId, id, values))!;
        await hooks.afterWrite?.(t, actor, after, before, carried);
        const diff = changedFields(before, after);
        if (diff.changed)
          await audit.record(t, actor, { action: `${entity}.update`, entityType: entity, entityId: id, ...diff });
        return after;
      };
      const row = await (tx ? run(tx) : db.transaction(run)).catch(mapDbError);
      return (await repo.withLabels([row], tx))[0]!;
    },

    async remove(actor: Actor, id: string) {
      assertCanWrite(actor);
      await db
        .transaction(async (tx) => {
          const before = await loadVisible(actor, id, tx);
          await repo.remove(tx, actor.workspaceId, id);
          await audit.record(tx, actor, { action: `${entity}.delete`, entityType: entity, entityId: id, before });
        })
        .catch(mapDbError);
    },

    /** Upsert a batch in one transaction: every record valid and applied, or nothing written. */
    async bulkUpsert(actor: Actor, records: unknown[]) {
      assertCanWrite(actor);
      if (records.length > 1000)
        throw new AppError('payload_too_large', 'A bulk request takes at most 1,000 records', { field: 'records' });
      const parsed = records.map((r, i) => {
        const obj = (r ?? {}) as Record<string, unknown>;
        const { id, ...rest } = obj;
        if (id !== undefined && (typeof id !== 'string' || !isUuid(id)))
          throw new AppError('validation', `Invalid records.${i}.id: must be a record id`, {
            field: `records.${i}.id`,
          });
        const values = parse(id ? schemas.patch : schemas.create, rest, `records.${i}`) as Record<string, unknown>;
        assertOwnerAllowed(actor, values, `records.${i}.`);
        return { id: id as string | undefined, values };
      });
      return db
        .transaction(async (tx) => {
          await checkRefs(
            tx,
            actor,
            parsed.map((p) => p.values),
            (i) => `records.${i}.`,
          );
          const ws = actor.workspaceId;
          const byId = new Map(
            (
              await repo.byIds(
                tx,
                ws,
                parsed.flatMap((p) => (p.id ? [p.id] : [])),
              )
            ).map((r) => [r.id, r]),
          );
          const ext = parsed.flatMap((p) => (typeof p.values.externalId === 'string' ? [p.values.externalId] : []));
          const byExt = new Map(
            (cfg.table.externalId ? await repo.byColumn(tx, ws, 'externalId', ext) : []).map((r) => [
              r.externalId as string,
              r,
            ]),
          );
          const nk = hooks.naturalKey;
          const natural = nk
            ? parsed.flatMap((p) => (typeof p.values[nk] === 'string' ? [p.values[nk] as string] : []))
            : [];
          const byNatural = new Map(
            nk ? (await repo.byColumn(tx, ws, nk, natural)).map((r) => [r[nk] as string, r]) : [],
          );
          let created = 0;
          let updated = 0;
          const ids: string[] = [];
          for (const [i, p] of parsed.entries()) {
            if (p.id && !byId.has(p.id))
              throw new AppError('validation', `Invalid records.${i}.id: no such ${entity} in this workspace`, {
                field: `records.${i}.id`,
              });
            const existing =
              (p.id && byId.get(p.id)) ||
              byExt.get(p.values.externalId as string) ||
              (nk ? byNatural.get(p.values[nk] as string) : undefined);
            const row = existing
              ? await service.update(actor, existing.id, p.values, tx)
              : await service.create(actor, p.values, tx);
            if (existing) updated++;
            else created++;
            ids.push(row.id);
            // Later records in the same batch match what earlier ones wrote.
            if (typeof row.externalId === 'string') byExt.set(row.externalId, row);
            if (nk && typeof row[nk] === 'string') byNatural.set(row[nk] as string, row);
          }
          return { created, updated, ids };
        })
        .catch(mapDbError);
    },
  };
  return service;
}
export type CrudService = ReturnType<typeof createCrudService>;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Constraint violations become a 409 naming the constraint, never a 500. */
export function mapDbError(e: unknown): never {
  const err = e as {
    code?: string;
    constraint?: string;
    column?: string;
    message?: string;
    cause?: { code?: string; constraint?: string; column?: string };
  };
  const code = err.code ?? err.cause?.code;
  const constraint = err.constraint ?? err.cause?.constraint;
  if (code === '23502') {
    // NOT NULL: the input cleared a field the record cannot be without.
    const column = err.column ?? err.cause?.column;
    const field = column?.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase()) ?? 'body';
    throw new AppError('validation', `Invalid ${field}: is required and cannot be null`, { field });
  }
  if (code === '23505') {
    const field = constraint?.includes('external')
      ? 'externalId'
      : constraint?.includes('sku')
        ? 'sku'
        : constraint?.includes('email')
          ? 'email'
          : undefined;
    throw new AppError('conflict', `A record with this ${field ?? 'value'} already exists`, { field, constraint });
  }
  // 23503 foreign key, 23001 ON DELETE RESTRICT: something still points at the row.
  if (code === '23503' || code === '23001')
    throw new AppError(
      'conflict',
      'This record is still in use by other records (for example deals in a stage); move or delete those first',
      { constraint },
    );
  throw e;
}

/** PostgreSQL's data exceptions (SQLSTATE class 22: bad number, date, text encoding, ...) as a 400, or null. */
export function dataErrorOf(e: unknown): AppError | null {
  const err = e as { code?: unknown; message?: string; cause?: { code?: unknown; message?: string } };
  const code =
    typeof err?.code === 'string' ? err.code : typeof err?.cause?.code === 'string' ? err.cause.code : undefined;
  if (!code || !/^22[0-9A-Z]{3}$/.test(code)) return null;
  const reason = (err.cause?.message ?? err.message ?? '').split('\n')[0]!.slice(0, 200);
  return new AppError('bad_request', `A value in the request cannot be stored or compared: ${reason}`, {
    field: 'body',
    sqlstate: code,
  });
}

export function idParam(id: string): string {
  if (!isUuid(id)) throw new AppError('validation', 'Invalid path.id: must be a record id', { field: 'path.id' });
  return id;
}

export { sql };
