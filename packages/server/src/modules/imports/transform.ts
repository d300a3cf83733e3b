import { fieldOf, supportsCustomFields, type ImportType } from './mapping/fields';
import { normaliseEmail, emailFacts } from './normalise/email';
import { normalisePhone } from './normalise/phone';
import { normaliseCountry } from './normalise/country';
import { parseDate, type DateOrder } from './normalise/date';
import { parseAmount, parseBoolean, parseNumber } from './normalise/amount';
import { normaliseDomain } from './normalise/domains';
import { splitFullName } from './normalise/name';
import { MAX_CELL_CHARS } from './parse/read';

export type Problem = { column: string | null; value: string | null; reason: string };
export type Mapped = { column: string; index: number; target: string };
/** problems reject the row; warnings flag a cell that is left blank while the rest of the row is kept. */
export type RowValues = {
  fields: Record<string, unknown>;
  custom: Record<string, string>;
  problems: Problem[];
  warnings: Problem[];
};
export type TransformContext = {
  type: ImportType;
  defaultCountry: string;
  dateOrder: DateOrder | null;
  columns: number;
};

/** Reads one row through the mapping: every cell normalised by its field's kind; any problem rejects the row. */
export function transformRow(cells: string[], mapping: Mapped[], ctx: TransformContext): RowValues {
  const fields: Record<string, unknown> = {};
  const custom: Record<string, string> = {};
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  if (cells.length > ctx.columns) {
    problems.push({
      column: null,
      value: null,
      reason: `the row has ${cells.length} fields but the header has ${ctx.columns} (a stray delimiter or quote?)`,
    });
  }
  for (const m of mapping) {
    if (m.target === 'skip') continue;
    const raw = cells[m.index] ?? '';
    if (raw.length > MAX_CELL_CHARS) {
      problems.push({
        column: m.column,
        value: raw.slice(0, 100) + '…',
        reason: `the value is ${raw.length.toLocaleString('en')} characters long; the limit is ${MAX_CELL_CHARS.toLocaleString('en')}`,
      });
      continue;
    }
    const v = raw.trim();
    if (!v) continue;
    if (m.target.startsWith('custom:')) {
      custom[m.target.slice(7)] = v;
      continue;
    }
    const field = fieldOf(ctx.type, m.target);
    if (!field) continue;
    const bad = (reason: string) => problems.push({ column: m.column, value: v, reason });
    switch (field.kind) {
      case 'email': {
        const r = normaliseEmail(v.replace(/^.*\(([^()]+@[^()]+)\)\s*$/, '$1'));
        if (r.ok) fields[field.key] = r.value;
        else bad(r.reason);
        break;
      }
      case 'phone': {
        const r = normalisePhone(v, ctx.defaultCountry);
        if (r.ok) fields[field.key] = r.value;
        else bad(r.reason);
        break;
      }
      case 'country': {
        // An unknown country does not cost the whole row: the cell is flagged (and kept as a custom field where the
        // type has them), the rest of the row is imported.
        const r = normaliseCountry(v);
        if (r.ok) {
          if (r.value) fields[field.key] = r.value;
        } else {
          warnings.push({
            column: m.column,
            value: v,
            reason: `${r.reason}: the country is left blank, the row is kept`,
          });
          if (supportsCustomFields(ctx.type)) custom.country_unrecognised = v;
        }
        break;
      }
      case 'date': {
        const r = parseDate(v, ctx.dateOrder ?? undefined);
        if (r.ok) fields[field.key] = r.value;
        else bad(r.reason);
        break;
      }
      case 'amount': {
        const r = parseAmount(v);
        if (r.ok) {
          fields[field.key] = r.value;
          if (r.currency) fields[`${field.key}Currency`] = r.currency;
        } else bad(r.reason);
        break;
      }
      case 'number': {
        const r = parseNumber(v);
        if (r.ok) fields[field.key] = r.value;
        else bad(r.reason);
        break;
      }
      case 'boolean': {
        const r = parseBoolean(v);
        if (r.ok) fields[field.key] = r.value;
        else bad(r.reason);
        break;
      }
      case 'domain': {
        const d = normaliseDomain(v);
        if (d) fields[field.key] = d;
        else bad(`"${v}" is not a website or domain`);
        break;
      }
      case 'tags':
        fields[field.key] = [
          ...new Set(
            v
              .split(/[;,|]/)
              .map((t) => t.trim())
              .filter(Boolean),
          ),
        ];
        break;
      case 'id':
        // Spreadsheets turn ids into floats ("17850.0"): read them back as the id they were.
        fields[field.key] = /^\d+\.0+$/.test(v) ? v.replace(/\.0+$/, '') : v;
        break;
      default:
        fields[field.key] = v;
    }
  }
  if (typeof fields.fullName === 'string' && !fields.firstName && !fields.lastName) {
    const { firstName, lastName } = splitFullName(fields.fullName);
    if (firstName) fields.firstName = firstName;
    if (lastName) fields.lastName = lastName;
  }
  delete fields.fullName;
  if (typeof fields.email === 'string') {
    const facts = emailFacts(fields.email);
    custom.email_type = facts.disposable ? 'disposable' : facts.freeMail ? 'free' : 'business';
    if (facts.role) custom.role_address = 'yes';
  }
  return { fields, custom, problems, warnings };
}

/** Which cells to read for each mapped column; a mapping that names a column the file lacks is an error naming it. */
export function resolveMapping(headers: string[], mapping: { column: string; target: string }[]): Mapped[] {
  return mapping.map((m) => {
    const index = headers.indexOf(m.column);
    if (index < 0)
      throw new Error(
        `The mapping names column "${m.column}", which is not in the file (columns: ${headers.join(', ')})`,
      );
    return { column: m.column, index, target: m.target };
  });
}
