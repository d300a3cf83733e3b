import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRows } from './bulk-read';
import { openTestDatabase, type TestDatabase } from './test-db';

type Row = {
  id: string;
  owner: string;
  name: string | null;
  amount: number | null;
  flag: boolean;
  at: number | null;
  extra: Record<string, unknown>;
};

const columns = {
  id: sql`id`,
  owner: sql`owner`,
  name: sql`name`,
  amount: sql`amount`,
  flag: sql`flag`,
  at: sql`(extract(epoch from at) * 1000)::float8`,
  extra: sql`extra`,
};

describe('readRows', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
    await database.query(
      'create table bulk_read_probe (id uuid primary key, owner uuid not null, name text, amount numeric(16, 2), flag boolean not null, at timestamptz, extra jsonb not null)',
    );
  });
  afterAll(() => database.dispose());

  const store = async (rows: Row[]) => {
    await database.query('delete from bulk_read_probe');
    for (const r of rows) {
      await database.query('insert into bulk_read_probe values ($1, $2, $3, $4, $5, $6, $7)', [
        r.id,
        r.owner,
        r.name,
        r.amount,
        r.flag,
        r.at === null ? null : new Date(r.at).toISOString(),
        JSON.stringify(r.extra),
      ]);
    }
  };
  const byId = (rows: Row[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

  it('gives back every row with its values as stored, whatever the text holds', async () => {
    const text = fc.option(
      fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/\0/g, '')),
      { nil: null },
    );
    const row = fc.record({
      name: text,
      amount: fc.option(
        fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100),
        { nil: null },
      ),
      flag: fc.boolean(),
      at: fc.option(fc.integer({ min: 0, max: 4e12 }), { nil: null }),
      extra: fc.dictionary(
        fc.string({ maxLength: 8 }).map((s) => s.replace(/\0/g, '')),
        fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), text),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), async (drafts) => {
        const rows: Row[] = drafts.map((d) => ({ ...d, id: randomUUID(), owner: randomUUID() }));
        await store(rows);
        const read = await readRows<Row>(database.db, columns, sql`from bulk_read_probe`, sql`id`);
        expect(byId(read)).toEqual(byId(rows));
      }),
      { numRuns: 25 },
    );
  });

  it('reads an empty result as no rows, and keeps the order asked for among rows of the same split', async () => {
    await store([]);
    expect(await readRows<Row>(database.db, columns, sql`from bulk_read_probe`, sql`id`)).toEqual([]);
    const owners = Array.from({ length: 40 }, () => randomUUID());
    const rows: Row[] = Array.from({ length: 400 }, (_, i) => ({
      id: randomUUID(),
      owner: owners[i % 40]!,
      name: `n${i}`,
      amount: i,
      flag: i % 2 === 0,
      at: 1_700_000_000_000 - i * 1000,
      extra: {},
    }));
    await store(rows);
    const read = await readRows<Row>(database.db, columns, sql`from bulk_read_probe where flag`, sql`owner`, sql`at`);
    expect(byId(read)).toEqual(byId(rows.filter((r) => r.flag)));
    for (const owner of owners) {
      const times = read.filter((r) => r.owner === owner).map((r) => r.at!);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });
});
