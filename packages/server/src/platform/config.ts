import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
  PIPEWISE_DATA_DIR: z.string().min(1).default('./.pipewise/data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 14),
  /** Requests per minute per API key or session on /api/v1. */
  API_RATE_LIMIT: z.coerce.number().int().positive().default(1200),
  /** Failed login attempts per 15 minutes per email and per IP. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  SECURE_COOKIES: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  PIPEWISE_JOBS: z.enum(['inline', 'off']).default('inline'),
  /** Connections each process opens to PostgreSQL (docs/deploy.md: servers × pool + workers × pool ≤ max_connections). */
  PIPEWISE_DB_POOL: z.coerce.number().int().min(2).max(500).default(10),
  /** Jobs of one scheduled per-workspace queue a worker process runs at once. */
  PIPEWISE_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /**
   * Where import uploads are kept on PostgreSQL: `database` (the default: every process of a fleet reads them) or
   * `files` in the data folder (one server, or a shared folder). PGlite always keeps them as files in its data folder.
   */
  PIPEWISE_UPLOADS: z.enum(['database', 'files']).optional(),
  /** Bearer token for GET /metrics (Prometheus); unset, /metrics answers 404. */
  PIPEWISE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Config = z.infer<typeof envSchema> & { databaseKind: 'pglite' | 'postgres'; dataDir: string };

/** Parsed once at boot; a bad variable stops the start with its name in the message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('validation', `Configuration ${String(issue.path[0])}: ${issue.message}`, { field: String(issue.path[0]) });
  }
  const c = parsed.data;
  return { ...c, databaseKind: c.DATABASE_URL ? 'postgres' : 'pglite', dataDir: path.resolve(c.PIPEWISE_DATA_DIR) };
}
