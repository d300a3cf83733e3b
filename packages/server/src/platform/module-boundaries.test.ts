import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundaryViolation } from '../../../../eslint/module-boundaries.js';

describe('module boundaries (the lint rule behind npm test)', () => {
  it.each([
    ['modules/zz/zz.service.ts', 'modules/contacts/contacts.schema.ts', /contacts owns/],
    ['modules/zz/zz.service.ts', 'modules/contacts/contacts.repo.ts', /contacts owns/],
    ['modules/zz/zz.service.ts', 'modules/forecasting/forecasting-series.repo.ts', /forecasting owns/],
    ['modules/zz/zz.repo.ts', 'platform/schema.ts', /platform\/schema/],
    ['platform/crud.ts', 'modules/audit/audit.service.ts', /platform\/ imports no module/],
  ])('refuses %s -> %s', (file, target, why) => {
    expect(boundaryViolation(file, target)).toMatch(why);
  });

  it.each([
    ['modules/contacts/contacts.service.ts', 'modules/contacts/contacts.repo.ts'],
    ['modules/zz/zz.service.ts', 'modules/contacts/contacts.service.ts'],
    ['modules/deals/deals.schema.ts', 'modules/contacts/contacts.schema.ts'],
    ['modules/zz/zz.db.test.ts', 'modules/contacts/contacts.schema.ts'],
    ['platform/schema.ts', 'modules/contacts/contacts.schema.ts'],
  ])('allows %s -> %s', (file, target) => {
    expect(boundaryViolation(file, target)).toBeNull();
  });

  it('the SQL layer has one name: <module>.repo.ts or <module>-<what>.repo.ts', () => {
    const modules = path.join(import.meta.dirname, '../modules');
    const old = readdirSync(modules, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(queries|store|sources|tables)\.ts$/.test(f),
    );
    expect(old).toEqual([]);
  });
});
