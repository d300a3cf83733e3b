import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { Command, Option } from 'commander';
import { configureSharedPool } from '@pipewise/ml/parallel/pool';
import { loadConfig } from './platform/config';
import { AppError } from './platform/errors';
import { withServices, pickWorkspace, systemActor, progressBar } from './platform/cli-kit';
import { roles, type Role } from './modules/auth/auth.schema';
import { validationError } from './platform/errors';
import type { z } from 'zod';
import { version } from './platform/version';
import { registerImportCommands } from './modules/imports/imports.cli';
import { registerSegmentsCommands } from './modules/segments/segments.cli';
import { registerRecommendationsCommands } from './modules/recommendations/recommendations.cli';
import { registerWorklistCommands } from './modules/worklist/worklist.cli';
import { registerDataQualityCommands } from './modules/data-quality/data-quality.cli';
import { registerScoringCommands } from './modules/scoring/scoring.cli';
import { registerForecastingCommands } from './modules/forecasting/forecasting.cli';
import { registerMonitoringCommands } from './modules/monitoring/monitoring.cli';
import { registerKpiCommands } from './modules/kpis/kpis.cli';
import { registerMailCommands } from './modules/mail/mail.cli';
import { registerSequenceCommands } from './modules/sequences/sequences.cli';
import { registerPrivacyCommands } from './modules/privacy/privacy.cli';
import { registerWebsiteCommands } from './modules/website/website.cli';
import { registerAuditCommands } from './modules/audit/audit.cli';
import { registerWorkspaceCommands } from './modules/workspaces/workspaces.cli';
import { registerChatbotCommands } from './modules/chatbot/chatbot.cli';
import { registerDealsCommands } from './modules/deals/deals.cli';
import { registerCustomFieldCommands } from './modules/custom-fields/custom-fields.cli';

/** The CLI is a boundary like the API: its input goes through the same schemas, and errors name the option. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success)
    throw validationError(
      r.error.issues.map((i) => ({
        ...i,
        path: i.path.map((p) => `--${String(p).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`),
      })),
    );
  return r.data;
}

const program = new Command('pipewise').description('Pipewise: the self-hosted AI sales copilot').version(version);

program
  .command('serve', { isDefault: true })
  .description('start the web app and API (and the job workers, unless PIPEWISE_JOBS=off)')
  .option('--port <port>', 'port (or PORT)')
  .option('--host <host>', 'address to bind (or HOST)')
  .option('--no-work', 'do not run job workers in this process')
  .action(async (o) => {
    const started = Date.now();
    if (o.port) process.env.PORT = o.port;
    if (o.host) process.env.HOST = o.host;
    const config = loadConfig();
    // The database opens (PGlite compiles its WebAssembly) while the server's modules load, not after.
    const opening = (async () => {
      const [{ openDatabase }, { lockDataDir }] = await Promise.all([
        import('./platform/db'),
        import('./platform/data-lock'),
      ]);
      if (config.databaseKind === 'pglite') lockDataDir(config.dataDir);
      return openDatabase({
        databaseUrl: config.DATABASE_URL,
        dataDir: config.dataDir,
        poolSize: config.PIPEWISE_DB_POOL,
      });
    })();
    const [{ startServer }, { sharedPool }, database] = await Promise.all([
      import('./main'),
      import('@pipewise/ml/parallel/pool'),
      opening,
    ]);
    await startServer(config, { work: o.work, database, started });
    // Model workers start in the background now, not on the first training or scoring run.
    if (o.work)
      void sharedPool()
        ?.warm()
        .catch(() => undefined);
  });

program
  .command('worker')
  .description('run job workers only (scale out with several; needs DATABASE_URL to share the queue)')
  .action(async () => {
    const [
      { openDatabase },
      { lockDataDir },
      { createServices },
      { createLogger },
      { systemClock },
      { sharedPool },
      { survivePromiseRejections },
    ] = await Promise.all([
      import('./platform/db'),
      import('./platform/data-lock'),
      import('./app'),
      import('./platform/logger'),
      import('./platform/clock'),
      import('@pipewise/ml/parallel/pool'),
      import('./main'),
    ]);
    const config = loadConfig();
    const unlock = config.databaseKind === 'pglite' ? lockDataDir(config.dataDir) : () => {};
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.dataDir,
      poolSize: config.PIPEWISE_DB_POOL,
    });
    await database.migrate();
    const logger = createLogger(config.LOG_LEVEL ?? 'info');
    survivePromiseRejections(logger);
    const services = createServices(database, config, systemClock, logger);
    await services.runner.start({ work: true });
    void sharedPool()
      ?.warm()
      .catch(() => undefined);
    console.log(`Pipewise worker running on ${database.kind}. Ctrl+C to stop.`);
    const stop = async () => {
      await services.runner.stop();
      await database.close();
      unlock();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(() => withServices(async (s) => console.log(`Migrations applied (${s.database.kind}).`)));

program
  .command('demo')
  .description('load the demo business (creates a workspace and owner when there is none)')
  .option('--contacts <n>', 'number of contacts', (v) => parseInt(v, 10), 3000)
  .option('--seed <n>', 'random seed', (v) => parseInt(v, 10), 42)
  .option('--workspace <id>', 'workspace id or name (default: the only one)')
  .action((o) =>
    withServices(async (s) => {
      let workspaceId: string;
      if ((await s.workspaces.list()).length === 0) {
        const created = await s.auth.createWorkspaceWithOwner({
          workspaceName: 'Demo Company',
          name: 'Demo Owner',
          email: 'owner@demo.pipewise.local',
          password: 'demo-password',
        });
        workspaceId = created.workspace.id;
        console.log('Created workspace "Demo Company"; sign in as owner@demo.pipewise.local / demo-password');
      } else workspaceId = (await pickWorkspace(s, o.workspace)).id;
      const bar = progressBar('Demo');
      const started = Date.now();
      const counts = await s.runner
        .runNow('demo.load', { seed: o.seed, contacts: o.contacts }, workspaceId, bar.update)
        .finally(() => bar.stop());
      // A readable summary, not an object dump: what was loaded, and who can sign in.
      const result = counts as {
        counts: Record<string, number>;
        users: { email: string; role: string; created: boolean }[];
      };
      const made = Object.entries(result.counts)
        .filter(([, n]) => Number(n) > 0)
        .map(([table, n]) => `${Number(n).toLocaleString('en-US')} ${table.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
      console.log(`Loaded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${made.join(', ')}.`);
      const created = result.users.filter((u) => u.created);
      if (created.length)
        console.log(
          `Team members (password demo-password): ${created.map((u) => `${u.email} (${u.role})`).join(', ')}`,
        );
    }),
  );

const user = program.command('user').description('manage users');
user
  .command('create')
  .description('create a user (the first one also creates the workspace)')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--password <password>', 'at least 8 characters')
  .addOption(new Option('--role <role>').choices([...roles]).default('owner'))
  .option('--workspace <id>', 'workspace id or name (default: the only one)')
  .option('--workspace-name <name>', 'name of the workspace to create when there is none', 'My Company')
  .action((o) =>
    withServices(async (s) => {
      const { setupSchema, userCreateSchema } = await import('./modules/auth/auth.service');
      if ((await s.workspaces.list()).length === 0) {
        const { user: u, workspace } = await s.auth.createWorkspaceWithOwner(
          parse(setupSchema, { workspaceName: o.workspaceName, name: o.name, email: o.email, password: o.password }),
        );
        console.log(`Created workspace "${workspace.name}" (${workspace.id}) and its owner ${u.email}.`);
        return;
      }
      const ws = await pickWorkspace(s, o.workspace);
      const u = await s.auth.createUser(
        systemActor(ws.id),
        parse(userCreateSchema, { email: o.email, name: o.name, role: o.role as Role, password: o.password }),
      );
      console.log(`Created ${u.role} ${u.email} in "${ws.name}".`);
    }),
  );

user
  .command('password')
  .description("set a user's password (an owner who lost theirs); their sessions end")
  .requiredOption('--email <email>')
  .requiredOption('--password <password>', 'at least 8 characters')
  .option('--workspace <id>', 'workspace id or name (default: the only one)')
  .action((o) =>
    withServices(async (s) => {
      const ws = await pickWorkspace(s, o.workspace);
      const { loginSchema } = await import('./modules/auth/auth.service');
      const u = await s.auth.resetPasswordByEmail(
        systemActor(ws.id),
        parse(loginSchema, { email: o.email, password: o.password }),
      );
      console.log(`Set the password of ${u.email}; their sessions were ended.`);
    }),
  );

const apiKey = program.command('api-key').description('manage API keys');
apiKey
  .command('create')
  .description('create a workspace API key (printed once; it belongs to the workspace, not to a user)')
  .requiredOption('--name <name>')
  .addOption(new Option('--role <role>').choices([...roles]).default('admin'))
  .option('--workspace <id>', 'workspace id or name (default: the only one)')
  .action((o) =>
    withServices(async (s) => {
      const ws = await pickWorkspace(s, o.workspace);
      const { apiKeyCreateSchema } = await import('./modules/auth/auth.service');
      const { key } = await s.auth.createApiKey(
        systemActor(ws.id),
        parse(apiKeyCreateSchema, { name: o.name, role: o.role as Role }),
      );
      console.log(key);
    }),
  );

program
  .command('export')
  .description('write the workspace as JSON lines (a lossless backup)')
  .option('--workspace <id>', 'workspace id or name (default: the only one)')
  .option('-o, --out <file>', 'output file (default: standard output)')
  .action((o) =>
    withServices(async (s) => {
      const ws = await pickWorkspace(s, o.workspace);
      const out = o.out ? createWriteStream(o.out) : process.stdout;
      let n = 0;
      for await (const line of s.transfer.exportLines(systemActor(ws.id))) {
        if (!out.write(line + '\n')) await once(out, 'drain');
        n++;
      }
      if (o.out) {
        out.end();
        await once(out, 'finish');
        console.error(`Wrote ${n} lines to ${o.out}`);
      }
    }),
  );

program
  .command('import-json')
  .description('restore an export into a new workspace (all or nothing)')
  .argument('<file>', 'a file written by `pipewise export`')
  .option('--name <name>', 'name of the new workspace (default: the exported name)')
  .action((file, o) =>
    withServices(async (s) => {
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      const { workspaceId, counts, warnings } = await s.transfer.importLines(lines, { workspaceName: o.name });
      console.log(`Imported into workspace ${workspaceId}:`, counts);
      for (const w of warnings) console.warn(`warning: ${w}`);
    }),
  );

// Module commands (each module's <name>.cli.ts) are registered here. They load their services only when they run
// (platform/cli-kit.ts), so `pipewise --version` and the file-only commands start fast.
registerImportCommands(program);
registerSegmentsCommands(program);
registerRecommendationsCommands(program);
registerWorklistCommands(program);
registerDataQualityCommands(program);
registerScoringCommands(program);
registerForecastingCommands(program);
registerMonitoringCommands(program);
registerKpiCommands(program);
registerMailCommands(program);
registerSequenceCommands(program);
registerPrivacyCommands(program);
registerWebsiteCommands(program);
registerAuditCommands(program);
registerWorkspaceCommands(program);
registerChatbotCommands(program);
registerDealsCommands(program);
registerCustomFieldCommands(program);

// Every command that trains or explains models shares one pool, sized by the configuration.
try {
  configureSharedPool(loadConfig().PIPEWISE_WORKERS);
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(1);
}

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof AppError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  }
  console.error(e);
  process.exit(1);
});
