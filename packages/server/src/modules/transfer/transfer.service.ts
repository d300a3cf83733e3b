import { and, asc, eq, getTableColumns, gt, inArray } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../platform/db';
import type { Actor } from '../../platform/http';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { assertRole } from '../auth/access';
import { users } from '../auth/auth.schema';
import { workspaces } from '../workspaces/workspaces.schema';
import type { AuditService } from '../audit/audit.service';
import { EXPORT_FORMAT, EXPORT_VERSION, exportTables } from './transfer.repo';

type Line =
  | {
      type: 'header';
      format: string;
      version: number;
      workspace: { name: string; settings: unknown };
      exportedAt: string;
    }
  | { type: 'row'; table: string; row: Record<string, unknown> };

const BATCH = 2000;

/**
 * Backup and restore of one workspace as JSON lines: a header, then users (never their password hashes), then every
 * business table in restore order. Import creates a new workspace and gives every record a new id, so a file can be
 * loaded next to the workspace it came from; references are remapped, so the copy is the same graph.
 */
export function createTransferService({ db, clock, audit }: { db: Db; clock: Clock; audit: AuditService }) {
  async function* rowsOf(table: PgTable, workspaceId: string) {
    const t = table as any;
    let after: string | undefined;
    while (true) {
      const cond = after ? and(eq(t.workspaceId, workspaceId), gt(t.id, after)) : eq(t.workspaceId, workspaceId);
      const rows = (await db.select().from(table).where(cond).orderBy(asc(t.id)).limit(BATCH)) as Record<
        string,
        unknown
      >[];
      for (const r of rows) yield r;
      if (rows.length < BATCH) return;
      after = rows.at(-1)!.id as string;
    }
  }

  return {
    /** Yields the workspace as JSON lines (no trailing newline per item). Audited: it is an export of personal data. */
    async *exportLines(actor: Actor): AsyncGenerator<string> {
      assertRole(actor, 'admin');
      const ws = (await db.select().from(workspaces).where(eq(workspaces.id, actor.workspaceId)))[0];
      if (!ws) throw new AppError('not_found', 'Workspace was not found');
      await db.transaction((tx) =>
        audit.record(tx, actor, { action: 'workspace.export', entityType: 'workspace', entityId: ws.id }),
      );
      yield JSON.stringify({
        type: 'header',
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        workspace: { name: ws.name, settings: ws.settings },
        exportedAt: clock.now().toISOString(),
      });
      const people = await db
        .select({ id: users.id, email: users.email, name: users.name, role: users.role, createdAt: users.createdAt })
        .from(users)
        .where(eq(users.workspaceId, ws.id))
        .orderBy(asc(users.id));
      for (const u of people) yield JSON.stringify({ type: 'row', table: 'users', row: u });
      for (const [name, table] of exportTables) {
        for await (const row of rowsOf(table, ws.id)) {
          const { workspaceId: _w, ...rest } = row;
          yield JSON.stringify({ type: 'row', table: name, row: rest });
        }
      }
    },

    /** Restores an export into a new workspace, all or nothing. Returns the workspace and counts per table. */
    async importLines(
      lines: AsyncIterable<string> | Iterable<string>,
      opts: { workspaceName?: string; actorName?: string } = {},
    ) {
      const tables = new Map(exportTables);
      const counts: Record<string, number> = {};
      const warnings: string[] = [];
      const idMap = new Map<string, string>();
      const remap = (v: unknown) => (typeof v === 'string' ? (idMap.get(v) ?? null) : null);
      let lineNo = 0;
      let header: Extract<Line, { type: 'header' }> | undefined;
      const nextId = orderedIdFactory(clock.now().getTime());

      return db.transaction(async (tx) => {
        let workspaceId = '';
        let pending: { table: string; rows: Record<string, unknown>[] } = { table: '', rows: [] };
        const flush = async () => {
          if (!pending.rows.length) return;
          await tx.insert(tables.get(pending.table)!).values(pending.rows as any);
          counts[pending.table] = (counts[pending.table] ?? 0) + pending.rows.length;
          pending = { table: pending.table, rows: [] };
        };
        for await (const raw of lines) {
          lineNo++;
          if (!raw.trim()) continue;
          let line: Line;
          try {
            line = JSON.parse(raw);
          } catch {
            throw new AppError('validation', `Line ${lineNo}: not valid JSON`, { line: lineNo });
          }
          if (!header) {
            if (line.type !== 'header' || line.format !== EXPORT_FORMAT)
              throw new AppError('validation', `Line ${lineNo}: not a Pipewise export (no header)`, { line: lineNo });
            if (line.version > EXPORT_VERSION)
              throw new AppError(
                'validation',
                `Line ${lineNo}: export version ${line.version} is newer than this Pipewise understands`,
                { line: lineNo },
              );
            header = line;
            const [ws] = await tx
              .insert(workspaces)
              .values({
                name: opts.workspaceName ?? header.workspace.name,
                settings: header.workspace.settings as any,
                createdAt: clock.now(),
              })
              .returning();
            workspaceId = ws!.id;
            continue;
          }
          if (line.type !== 'row')
            throw new AppError('validation', `Line ${lineNo}: unknown line type`, { line: lineNo });
          if (line.table === 'users') {
            await restoreUser(tx, workspaceId, line.row, idMap, warnings, nextId);
            continue;
          }
          const table = tables.get(line.table);
          if (!table)
            throw new AppError('validation', `Line ${lineNo}: unknown table "${line.table}"`, { line: lineNo });
          if (pending.table !== line.table || pending.rows.length >= 500) {
            await flush();
            pending.table = line.table;
          }
          pending.rows.push(reviveRow(table, line.row, workspaceId, idMap, remap, lineNo, nextId));
        }
        await flush();
        if (!header) throw new AppError('validation', 'The file is empty: no Pipewise export header');
        const actor: Actor = {
          kind: 'system',
          id: 'import-json',
          userId: null,
          workspaceId,
          role: 'owner',
          name: opts.actorName ?? 'import-json',
          repsSeeUnassigned: true,
        };
        await audit.record(tx, actor, {
          action: 'workspace.import',
          entityType: 'workspace',
          entityId: workspaceId,
          after: { counts, from: header.exportedAt },
        });
        return { workspaceId, counts, warnings };
      });
    },
  };
}

async function restoreUser(
  tx: Tx,
  workspaceId: string,
  row: Record<string, unknown>,
  idMap: Map<string, string>,
  warnings: string[],
  nextId: () => string,
) {
  const email = String(row.email);
  const existing = (
    await tx
      .select()
      .from(users)
      .where(inArray(users.email, [email]))
  )[0];
  if (existing && existing.workspaceId === workspaceId) {
    idMap.set(String(row.id), existing.id);
    return;
  }
  if (existing) {
    warnings.push(`user ${email} belongs to another workspace: records they owned are unassigned`);
    return;
  }
  // Restored users cannot sign in until an admin sets a password: the export never carries password hashes.
  const [u] = await tx
    .insert(users)
    .values({
      id: nextId(),
      workspaceId,
      email,
      name: String(row.name),
      role: row.role as any,
      passwordHash: '!',
      disabledAt: new Date(),
      createdAt: new Date(String(row.createdAt)),
    })
    .returning();
  idMap.set(String(row.id), u!.id);
}

/**
 * Ids that sort in the order they are made (time, then a counter, like UUIDv7): rows arrive in id order, so the copy
 * keeps the original's order and a second export of the copy lists rows in the same sequence.
 */
function orderedIdFactory(now = Date.now()) {
  let counter = 0n;
  const prefix =
    now.toString(16).padStart(12, '0').slice(-12) +
    '7' +
    Math.floor(Math.random() * 4096)
      .toString(16)
      .padStart(3, '0');
  return () => {
    const hex = prefix + (counter++).toString(16).padStart(16, '0');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  };
}

function reviveRow(
  table: PgTable,
  row: Record<string, unknown>,
  workspaceId: string,
  idMap: Map<string, string>,
  remap: (v: unknown) => string | null,
  lineNo: number,
  nextId: () => string,
) {
  const cols = getTableColumns(table);
  const out: Record<string, unknown> = { workspaceId };
  for (const [key, col] of Object.entries(cols)) {
    if (key === 'workspaceId' || !(key in row)) continue;
    const v = row[key];
    if (key === 'id') {
      const id = nextId();
      idMap.set(String(v), id);
      out.id = id;
    } else if (col.columnType === 'PgUUID') {
      out[key] = remap(v);
    } else if (col.columnType === 'PgTimestamp' && typeof v === 'string') {
      const d = new Date(v);
      if (Number.isNaN(d.getTime()))
        throw new AppError('validation', `Line ${lineNo}: ${key} is not a date`, { line: lineNo, field: key });
      out[key] = d;
    } else {
      out[key] = v;
    }
  }
  return out;
}
export type TransferService = ReturnType<typeof createTransferService>;
