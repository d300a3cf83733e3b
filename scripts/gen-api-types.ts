// Regenerates packages/web/src/lib/api-schema.ts from the server's OpenAPI document (`npm run gen:api`).
import { writeFileSync } from 'node:fs';
import { API_TYPES_PATH, generateApiTypes } from '../packages/server/src/testing/api-types';

writeFileSync(API_TYPES_PATH, await generateApiTypes());
console.log(`wrote ${API_TYPES_PATH.pathname}`);
