// Checks a mapping against the import type's fields (unknown targets, a field mapped twice) and maps every other column to skip.
import { AppError } from '../../platform/errors';
import { fieldsByType, supportsCustomFields, type ImportType } from './mapping/fields';

export function validateMapping(type: ImportType, headers: string[], mapping: { column: string; target: string }[]) {
  const keys = new Set(fieldsByType[type].map((f) => f.key));
  const used = new Map<string, string>();
  for (const m of mapping) {
    if (!headers.includes(m.column))
      throw new AppError(
        'validation',
        `The mapping names column "${m.column}", which is not in the file (columns: ${headers.join(', ')})`,
        { field: 'mapping', column: m.column },
      );
    const t = m.target;
    if (t === 'skip') continue;
    if (t.startsWith('custom:')) {
      if (!supportsCustomFields(type))
        throw new AppError(
          'validation',
          `Column "${m.column}": ${type} have no custom fields; map it to a field or skip it`,
          { field: 'mapping', column: m.column },
        );
      if (!/^custom:[a-z0-9_]{1,60}$/.test(t))
        throw new AppError(
          'validation',
          `Column "${m.column}": custom field names use a-z, 0-9 and _ (got "${t.slice(7)}")`,
          { field: 'mapping', column: m.column },
        );
      continue;
    }
    if (!keys.has(t))
      throw new AppError(
        'validation',
        `Column "${m.column}": "${t}" is not a ${type} field (fields: ${[...keys].join(', ')})`,
        { field: 'mapping', column: m.column },
      );
    if (used.has(t))
      throw new AppError('validation', `Columns "${used.get(t)}" and "${m.column}" both map to ${t}: keep one`, {
        field: 'mapping',
        column: m.column,
      });
    used.set(t, m.column);
  }
  for (const h of headers) if (!mapping.some((m) => m.column === h)) mapping.push({ column: h, target: 'skip' });
}
