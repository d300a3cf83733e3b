import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_PATH, generateApiTypes } from './api-types';

describe('the web app API types', () => {
  it('match the server routes (run `npm run gen:api` after changing a route schema)', async () => {
    const committed = readFileSync(API_TYPES_PATH, 'utf8');
    expect(
      committed === (await generateApiTypes()),
      'packages/web/src/lib/api-schema.ts is stale: npm run gen:api',
    ).toBe(true);
  });
});
