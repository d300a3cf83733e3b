import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { loadConfig, type Config } from './platform/config';
import { lockDataDir } from './platform/data-lock';
import { createApp } from './app';
import type { Logger } from './platform/logger';
import type { Database } from './platform/db';

/**
 * A promise nobody awaited must not stop a server with other people's requests and jobs in flight (Node's default
 * for an unhandled rejection is to exit): log it and carry on. Errors inside requests and jobs are handled where they
 * happen; this is the net under them.
 */
export function survivePromiseRejections(logger: Logger) {
  if (process.listenerCount('unhandledRejection') > 0) return;
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'unhandled promise rejection (the process keeps running)'),
  );
}

/**
 * Starts the HTTP server and, unless told otherwise, the job workers in the same process. The job queue starts while
 * the server already answers (a job queued meanwhile waits for it); a queue that cannot start stops the server.
 * `database`: opened by the caller (the CLI opens it while this module loads), after it locked a PGlite folder.
 */
export async function startServer(
  config: Config = loadConfig(),
  opts: { work?: boolean; database?: Database; started?: number } = {},
) {
  const started = opts.started ?? Date.now();
  const unlock = config.databaseKind === 'pglite' ? lockDataDir(config.dataDir) : () => {};
  const { app, services, database, logger } = await createApp({ config, database: opts.database });
  survivePromiseRejections(logger);
  const work = opts.work ?? config.PIPEWISE_JOBS === 'inline';
  const queueStarted = services.runner.start({ work });
  queueStarted.catch(() => {}); // awaited below, once the server listens
  const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }) as Server;
  // Node closes idle keep-alive sockets after 5 s; a client (a browser, a proxy, the e2e request context) that reuses
  // one at that moment gets ECONNRESET (Playwright's request context ignores the Keep-Alive hint: microsoft/playwright#42698,
  // which failed the data-quality e2e test in CI). Keep them longer than common client and proxy idle timeouts.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  try {
    await queueStarted;
  } catch (e) {
    server.close();
    await database.close().catch(() => {});
    unlock();
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST;
  const url = `http://${host}:${port}`;
  const needsSetup = await services.auth.needsSetup();
  const where = database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(
    `\n  Pipewise is running at ${url}  (${where}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  if (needsSetup) {
    console.log(`  First start: open ${url} to create the workspace and its owner,`);
    console.log(
      `  or run: npx pipewise user create --email you@example.com --name "Your Name" --role owner --password '…'`,
    );
    console.log(`  Want sample data? Click "Load demo data" on the dashboard, or run: npx pipewise demo\n`);
  } else console.log('');

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    server.close();
    await services.runner.stop().catch(() => {});
    await database.close().catch(() => {});
    unlock();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  return { url, port, stop, services };
}
