import { describe, expect, it } from 'vitest';
import { openTestDatabase } from './test-db';
import * as schema from './schema';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';

describe('migrations', () => {
  it('apply cleanly to an empty database, create every table of the schema, and are idempotent', async () => {
    const database = await openTestDatabase(); // runs every migration on an empty database
    try {
      await database.migrate(); // a second run applies nothing and fails nothing
      const { rows } = await database.query(
        `select table_name from information_schema.tables where table_schema = 'public'`,
      );
      const existing = new Set(rows.map((r: { table_name: string }) => r.table_name));
      const expected = Object.values(schema)
        .filter((v) => is(v, PgTable))
        .map((t) => getTableName(t as PgTable));
      expect(expected.length).toBeGreaterThan(10);
      for (const name of expected) expect(existing, name).toContain(name);
      // every business table carries workspace_id (rate_limits counts requests per key, user, email or address)
      const notBusinessData = ['workspaces', 'sessions', 'rate_limits'];
      for (const name of expected.filter((n) => !notBusinessData.includes(n))) {
        const cols = await database.query(
          `select column_name from information_schema.columns where table_name = $1 and column_name = 'workspace_id'`,
          [name],
        );
        expect(cols.rows.length, `${name}.workspace_id`).toBe(1);
      }
    } finally {
      await database.dispose();
    }
  });
});
