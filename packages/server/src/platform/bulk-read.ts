import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { rowsOf, type Tx } from './db';

/**
 * Reads many rows as a few JSON documents: the rows come back as arrays of arrays (columns in the order given), parsed
 * with one JSON.parse each. On the embedded database, decoding 100k rows field by field costs about 2.5x more:
 * PGlite copies every field out of its buffer and decodes it on its own.
 *
 * - `columns` are SQL expressions whose JSON form is what the caller wants: epoch milliseconds as float8, not
 *   timestamps (JSON has no dates); numerics, booleans and jsonb keep their JSON form.
 * - `from` is the rest of the query (FROM, WHERE, or a subquery aliased and grouped as it likes).
 * - `split` is a uuid expression: rows are grouped by its first hex digit into up to 16 documents, so that no single
 *   string grows with the table towards the size limit of a JavaScript string. Rows keep no order across documents;
 *   `orderBy` orders them within each document (rows sharing a `split` value stay in that order).
 */
export async function readRows<T extends Record<string, unknown>>(
  tx: Tx,
  columns: { [K in keyof T]: SQLWrapper },
  from: SQL,
  split: SQLWrapper,
  orderBy?: SQLWrapper,
): Promise<T[]> {
  const keys = Object.keys(columns) as (keyof T)[];
  const tuple = sql.join(
    keys.map((k) => sql`${columns[k]}`),
    sql`, `,
  );
  const order = orderBy ? sql` order by ${orderBy}` : sql``;
  const docs = await rowsOf<{ doc: string }>(
    tx,
    sql`select json_agg(json_build_array(${tuple})${order})::text as doc ${from} group by left(${split}::text, 1)`,
  );
  const out: T[] = [];
  for (const { doc } of docs) {
    for (const values of JSON.parse(doc) as unknown[][]) {
      const row = {} as Record<keyof T, unknown>;
      for (let k = 0; k < keys.length; k++) row[keys[k]!] = values[k];
      out.push(row as T);
    }
  }
  return out;
}
