import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from './db';

export type TestDatabase = Database & { dispose(): Promise<void> };

/**
 * A migrated, empty database for one test file: in-memory PGlite by default, or a fresh randomly named database on
 * the PostgreSQL server of TEST_DATABASE_URL when PIPEWISE_TEST_DB=postgres (dropped again by dispose()).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (process.env.PIPEWISE_TEST_DB !== 'postgres') {
    const database = await openDatabase({});
    await database.migrate();
    return { ...database, dispose: () => database.close() };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl)
    throw new Error(
      'PIPEWISE_TEST_DB=postgres needs TEST_DATABASE_URL (a PostgreSQL server the tests may create databases on)',
    );
  const name = `pipewise_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  try {
    await database.migrate();
  } catch (e) {
    await database.close();
    await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw e;
  }
  return {
    ...database,
    async dispose() {
      await database.close();
      await withAdmin(serverUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
