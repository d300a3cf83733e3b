import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { repoRoot } from './version';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database: repos accept either so services decide the transaction boundary. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

/** The rows of a raw query: both drivers' results carry them as `rows` (drizzle types the result per driver). */
export const rowsOf = async <T>(db: Tx, q: SQL): Promise<T[]> =>
  ((await db.execute(q)) as unknown as { rows: T[] }).rows;

export type SqlRunner = (text: string, values?: unknown[]) => Promise<{ rows: any[] }>;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Raw SQL for pg-boss and bulk paths. */
  query: SqlRunner;
  migrate(): Promise<void>;
  /**
   * Runs fn while holding a cluster-wide lock named `name`, so processes started together take turns at start-up DDL
   * (migrations, queue creation). On PostgreSQL the lock is a transaction-scoped advisory lock held by a connection of
   * its own (so it also works behind pgbouncer in transaction mode); PGlite has one process and needs none.
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export const migrationsFolder = path.join(repoRoot, 'packages/server/migrations');

export type DatabaseOptions = { databaseUrl?: string; dataDir?: string; poolSize?: number };

/** The default of PIPEWISE_DB_POOL: connections = servers × pool + workers × pool must stay under max_connections. */
export const defaultPoolSize = 10;

async function withAdvisoryLock<T>(connectionString: string, name: string, fn: () => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString });
  await client.connect();
  client.on('error', () => {});
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
    try {
      return await fn();
    } finally {
      await client.query('COMMIT').catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** PGlite in a folder (or in memory when dataDir is 'memory://'), or PostgreSQL when a URL is given: same schema, same code. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  // Drivers load here, not at the top: modules that only build SQL (and the CLI's file-only commands) skip them.
  if (opts.databaseUrl) {
    const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
      import('pg'),
      import('drizzle-orm/node-postgres'),
      import('drizzle-orm/node-postgres/migrator'),
    ]);
    const url = opts.databaseUrl;
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? defaultPoolSize });
    pool.on('error', () => {}); // idle client errors surface on the next query instead of crashing the process
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      query: async (text, values) => pool.query(text, values as unknown[]),
      // Processes started together on an empty database each ran the migrations: CREATE TYPE failed with 23505.
      migrate: () => withAdvisoryLock(url, 'pipewise.migrate', () => migratePg(db as any, { migrationsFolder })),
      withLock: (name, fn) => withAdvisoryLock(url, name, fn),
      close: () => pool.end(),
    };
  }
  const dir = opts.dataDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const client = await PGlite.create(dir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    // PGlite's prepared path takes one statement; parameterless multi-statement SQL (pg-boss DDL) goes through exec().
    query: async (text, values) => {
      if (values && values.length > 0) return client.query(text, values);
      const results = await client.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    migrate: () => migratePglite(db as any, { migrationsFolder }),
    withLock: (_name, fn) => fn(),
    close: () => client.close(),
  };
}
