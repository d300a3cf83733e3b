import openapiTS, { astToString } from 'openapi-typescript';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { systemClock } from '../platform/clock';
import { openDatabase } from '../platform/db';
import { createHttpApp, createServices } from '../app';

/** Where the web app's generated API types live (committed, so `npm run typecheck` sees server changes). */
export const API_TYPES_PATH = new URL('../../../web/src/lib/api-schema.ts', import.meta.url);

const HEADER =
  "// Generated from the server's OpenAPI document by `npm run gen:api`. Do not edit: change the route schemas.\n" +
  '// A test (testing/api-types.test.ts) fails when this file is out of date.\n\n';

/** The OpenAPI document of the real app (routes are registered without touching the database). */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const database = await openDatabase({});
  try {
    const logger = createLogger('silent');
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    const app = createHttpApp(createServices(database, config, systemClock, logger), config, logger);
    const res = await app.request('/api/openapi.json');
    return (await res.json()) as Record<string, unknown>;
  } finally {
    await database.close();
  }
}

/** The TypeScript source of the web app's API types. */
export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS((await openApiDocument()) as never, { alphabetize: true });
  return HEADER + astToString(ast);
}
