import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  sql,
  type SQL,
  type AnyColumn,
} from 'drizzle-orm';
import { AppError } from './errors';
import { invalidIsoDate, numericLimit, parseTimestamp, unstorableText } from './fields';
import { isUuid } from './uuid';

/** How a list endpoint may filter and sort one field. */
export type FieldKind = 'text' | 'number' | 'timestamp' | 'date' | 'boolean' | 'uuid' | 'enum' | 'tags';
export type ListField = { column: AnyColumn; kind: FieldKind; values?: readonly string[]; sortable?: boolean };
export type ListFields = Record<string, ListField>;

export type ListParams = {
  limit: number;
  cursor?: string;
  sort?: string;
  q?: string;
  count?: boolean;
  filters: { field: string; op: FilterOp; value: string }[];
};
const ops = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'contains', 'isnull'] as const;
export type FilterOp = (typeof ops)[number];

/** Reads `limit`, `cursor`, `sort`, `q`, `count` and `filter[field][op]` from a query string, naming any bad parameter. */
export function parseListParams(search: URLSearchParams, fields: ListFields): ListParams {
  const limitRaw = search.get('limit');
  const limit = limitRaw === null ? 50 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new AppError('validation', 'Invalid query.limit: must be an integer from 1 to 500', { field: 'query.limit' });
  }
  const filters: ListParams['filters'] = [];
  for (const [key, value] of search) {
    if (!key.startsWith('filter')) continue;
    const m = /^filter\[([A-Za-z0-9_]+)\](?:\[([a-z]+)\])?$/.exec(key);
    if (!m)
      throw new AppError('validation', `Invalid query.${key}: use filter[field][op]=value`, { field: `query.${key}` });
    const field = m[1]!;
    const op = (m[2] ?? 'eq') as FilterOp;
    if (!fields[field]) {
      throw new AppError(
        'validation',
        `Invalid query.${key}: unknown field "${field}" (one of ${Object.keys(fields).join(', ')})`,
        {
          field: `query.${key}`,
        },
      );
    }
    if (!ops.includes(op))
      throw new AppError('validation', `Invalid query.${key}: unknown operator "${op}" (one of ${ops.join(', ')})`, {
        field: `query.${key}`,
      });
    filters.push({ field, op, value });
  }
  const sort = search.get('sort') ?? undefined;
  if (sort) {
    const name = sort.replace(/^-/, '');
    const f = fields[name];
    if (!f || f.sortable === false || f.kind === 'tags') {
      throw new AppError('validation', `Invalid query.sort: cannot sort by "${name}"`, { field: 'query.sort' });
    }
  }
  return {
    limit,
    cursor: search.get('cursor') ?? undefined,
    sort,
    q: search.get('q')?.trim() || undefined,
    count: search.get('count') === 'true',
    filters,
  };
}

/** The range of numbers a column can be compared with: int4 for integers, the declared precision for numerics. */
function numberRule(column: AnyColumn): { integer: boolean; limit: number } {
  const c = column as unknown as { columnType?: string; precision?: number; scale?: number };
  if (c.columnType === 'PgInteger') return { integer: true, limit: 2147483647 };
  if (c.columnType === 'PgSmallInt') return { integer: true, limit: 32767 };
  if (c.columnType?.startsWith('PgNumeric') && c.precision !== undefined)
    return { integer: false, limit: numericLimit(c.precision, c.scale ?? 0) };
  return { integer: false, limit: 3.4e38 };
}

/** A filter or cursor value checked against the field's type, so the database never sees one it cannot read. */
function coerce(field: string, f: ListField, raw: string, where = `query.filter[${field}]`): unknown {
  const bad = (why: string) => new AppError('validation', `Invalid filter on ${field}: ${why}`, { field: where });
  const storable = unstorableText(raw);
  if (storable) throw bad(storable);
  switch (f.kind) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw bad(`"${raw}" is not a number`);
      const rule = numberRule(f.column);
      if (rule.integer && !Number.isInteger(n)) throw bad(`"${raw}" is not a whole number`);
      if (Math.abs(n) > rule.limit) throw bad(`"${raw}" is out of range`);
      return n;
    }
    case 'timestamp': {
      const d = parseTimestamp(raw);
      if (typeof d === 'string') throw bad(`"${raw}" ${d}`);
      return d;
    }
    case 'date': {
      const why = invalidIsoDate(raw);
      if (why) throw bad(`"${raw}" ${why}`);
      return raw;
    }
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw bad('use true or false');
      return raw === 'true';
    case 'uuid':
      if (!isUuid(raw)) throw bad(`"${raw}" is not an id`);
      return raw;
    case 'enum':
      if (f.values && !f.values.includes(raw)) throw bad(`"${raw}" is not one of ${f.values.join(', ')}`);
      return raw;
    default:
      return raw;
  }
}

export function filterConditions(params: ListParams, fields: ListFields): SQL[] {
  const out: SQL[] = [];
  for (const { field, op, value } of params.filters) {
    const f = fields[field]!;
    const col = f.column;
    if (op === 'isnull') {
      if (value !== 'true' && value !== 'false')
        throw new AppError('validation', `Invalid filter on ${field}: isnull takes true or false`, {
          field: `query.filter[${field}]`,
        });
      out.push(value === 'true' ? isNull(col) : isNotNull(col));
      continue;
    }
    if (f.kind === 'tags') {
      if (op !== 'contains' && op !== 'eq' && op !== 'in')
        throw new AppError('validation', `Invalid filter on ${field}: tags take contains or in`, {
          field: `query.filter[${field}]`,
        });
      const list = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      out.push(op === 'in' ? sql`${col} && ${sql.param(list)}::text[]` : sql`${col} @> ${sql.param(list)}::text[]`);
      continue;
    }
    if (op === 'in') {
      const list = value.split(',').map((v) => coerce(field, f, v.trim()));
      out.push(inArray(col, list));
      continue;
    }
    if (op === 'contains') {
      if (f.kind !== 'text')
        throw new AppError('validation', `Invalid filter on ${field}: contains works on text fields`, {
          field: `query.filter[${field}]`,
        });
      out.push(sql`${col} ilike ${'%' + value.replace(/[%_\\]/g, (c) => '\\' + c) + '%'}`);
      continue;
    }
    const v = coerce(field, f, value);
    const cmp = { eq, ne, lt, lte, gt, gte }[op];
    out.push(cmp(col, v));
  }
  return out;
}

/** Prefix full-text query over an expression that matches a GIN index: "jo smi" → 'jo:* & smi:*'. */
export function searchCondition(q: string | undefined, document: SQL): SQL | undefined {
  if (!q) return undefined;
  const terms = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (terms.length === 0) return undefined;
  const tsq = terms.map((t) => `${t}:*`).join(' & ');
  // Only the indexed document: an OR with another expression would turn the GIN index lookup into a full scan.
  return sql`to_tsvector('simple', ${document}) @@ to_tsquery('simple', ${tsq})`;
}

type CursorValue = string | number | boolean | null;
const encodeCursor = (v: CursorValue, id: string) => Buffer.from(JSON.stringify([v, id])).toString('base64url');
const badCursor = () =>
  new AppError('validation', 'Invalid query.cursor: use the nextCursor of the previous page', {
    field: 'query.cursor',
  });
/** A cursor is [sort value, id]; anything else (or a value of the wrong type for the sort field) is refused. */
function decodeCursor(cursor: string, name: string, f: ListField): [unknown, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'string' || !isUuid(parsed[1]))
    throw badCursor();
  const [raw, id] = parsed as [unknown, string];
  if (raw === null) return [null, id];
  const expected = f.kind === 'number' ? 'number' : f.kind === 'boolean' ? 'boolean' : 'string';
  if (typeof raw !== expected || f.kind === 'tags') throw badCursor();
  try {
    return [
      f.kind === 'number' || f.kind === 'boolean'
        ? coerce(name, f, String(raw), 'query.cursor')
        : coerce(name, f, raw as string, 'query.cursor'),
      id,
    ];
  } catch {
    throw badCursor();
  }
}

/**
 * Keyset pagination on (sort column, id), nulls last in both directions, so a page costs the same on page 1 and page 2,000.
 */
export function sortAndCursor(
  params: ListParams,
  fields: ListFields,
  idColumn: AnyColumn,
  defaultSort = '-updatedAt',
  searching = false,
) {
  const sort = params.sort ?? defaultSort;
  const descending = sort.startsWith('-');
  const name = sort.replace(/^-/, '');
  const f = fields[name]!;
  const col = f.column;
  // A NOT NULL column sorts with a plain ORDER BY, which the (workspace_id, column, id) indexes serve directly;
  // "nulls last" on such a column would force a sort of every matching row.
  const nullable = !(col as { notNull?: boolean }).notNull;
  // When searching, the matches come from the GIN index and are few: sorting them is cheap. Ordering by an
  // expression stops the planner from walking the sort index instead and recomputing every row's text vector.
  const key = searching ? sql`coalesce(${col}, ${col})` : col;
  const orderBy =
    nullable || searching
      ? [
          descending ? sql`${key} desc nulls last` : sql`${key} asc nulls last`,
          descending ? desc(idColumn) : asc(idColumn),
        ]
      : [descending ? desc(col) : asc(col), descending ? desc(idColumn) : asc(idColumn)];
  let after: SQL | undefined;
  if (params.cursor) {
    const [value, id] = decodeCursor(params.cursor, name, f);
    const beyond = descending ? lt : gt;
    if (value === null) after = and(isNull(col), beyond(idColumn, id));
    else if (nullable) after = or(beyond(col, value), isNull(col), and(eq(col, value), beyond(idColumn, id)));
    else after = or(beyond(col, value), and(eq(col, value), beyond(idColumn, id)));
  }
  const next = (row: Record<string, unknown>): string => {
    const v = row[name];
    const value = v instanceof Date ? v.toISOString() : ((v as CursorValue | undefined) ?? null);
    return encodeCursor(value, String(row.id));
  };
  return { orderBy, after, next };
}
