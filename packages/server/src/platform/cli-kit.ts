import cliProgress from 'cli-progress';
import { loadConfig } from './config';
import { AppError } from './errors';
import type { Actor } from './http';
import type { Services } from '../app';

/**
 * What every `pipewise` subcommand needs. A module adds its commands in its own `<name>.cli.ts` exporting
 * `register<Name>Commands(program)`, and cli.ts calls it.
 */
/** Opens the database for a one-off command (holding the PGlite folder lock), runs it, closes. */
export async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: commands that need no database (--version, the --csv ones) skip all of it.
  const [{ openDatabase }, { lockDataDir }, { createServices }, { createLogger }, { systemClock }] = await Promise.all([
    import('./db'),
    import('./data-lock'),
    import('../app'),
    import('./logger'),
    import('./clock'),
  ]);
  const config = loadConfig();
  const unlock = config.databaseKind === 'pglite' ? lockDataDir(config.dataDir) : () => {};
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolSize: config.PIPEWISE_DB_POOL,
  });
  try {
    await database.migrate();
    return await fn(createServices(database, config, systemClock, createLogger(config.LOG_LEVEL ?? 'warn')));
  } finally {
    await database.close();
    unlock();
  }
}

/** The workspace a command acts on: the one given, or the only one there is. */
export async function pickWorkspace(s: Services, id?: string) {
  const all = await s.workspaces.list();
  if (id) {
    const ws = all.find((w) => w.id === id || w.name === id);
    if (!ws)
      throw new AppError(
        'not_found',
        `No workspace "${id}" (have: ${all.map((w) => `${w.name} (${w.id})`).join(', ') || 'none'})`,
      );
    return ws;
  }
  if (all.length === 0)
    throw new AppError(
      'not_found',
      'There is no workspace yet: run `pipewise user create --role owner ...` or `pipewise demo` first',
    );
  if (all.length > 1)
    throw new AppError(
      'bad_request',
      `There are ${all.length} workspaces: pick one with --workspace (${all.map((w) => `${w.name} (${w.id})`).join(', ')})`,
    );
  return all[0]!;
}

export const systemActor = (workspaceId: string, repsSeeUnassigned = true): Actor => ({
  kind: 'system',
  id: 'cli',
  userId: null,
  workspaceId,
  role: 'owner',
  name: 'pipewise CLI',
  repsSeeUnassigned,
});

export function progressBar(label: string) {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% {message}`,
      hideCursor: true,
      clearOnComplete: false,
      noTTYOutput: !process.stderr.isTTY,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { message: '' });
  return {
    update: (f: number, m?: string) => bar.update(Math.round(f * 100), { message: m ?? '' }),
    stop: () => bar.stop(),
  };
}
