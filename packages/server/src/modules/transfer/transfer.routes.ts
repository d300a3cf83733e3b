import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import type { AppEnv } from '../../platform/http';
import { actorOf, streamedResponse } from '../../platform/http';
import { errorSchema } from '../../platform/crud-routes';
import type { TransferService } from './transfer.service';

export function registerTransferRoutes(router: OpenAPIHono<AppEnv>, transfer: TransferService) {
  router.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/export',
      tags: ['Workspace'],
      summary: 'The whole workspace as JSON lines (admins; audited)',
      responses: {
        200: { description: 'JSON lines', content: { 'application/x-ndjson': { schema: z.string() } } },
        403: { description: 'Admins only', content: { 'application/json': { schema: errorSchema } } },
      },
    }),
    async (c) => {
      const lines = transfer.exportLines(actorOf(c));
      const first = await lines.next(); // runs the role check and the audit entry before the response starts
      c.header('Content-Type', 'application/x-ndjson');
      c.header('Content-Disposition', 'attachment; filename="pipewise-export.jsonl"');
      return streamedResponse(
        stream(c, async (s) => {
          if (!first.done) await s.write(first.value + '\n');
          for await (const line of lines) await s.write(line + '\n');
        }),
      );
    },
  );
}
