import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  PIPEWISE_DATA_DIR: z.string().min(1).default('./.pipewise/data'),
  /** Unset: `info` for the server and workers, `warn` for one-off commands. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** Worker threads for model work; unset: one per core beyond the first, at most 3. */
  PIPEWISE_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  /** How long a process remembers who a session or API key is (platform/actor-cache.ts); 0: look up every request. */
  PIPEWISE_SESSION_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(5),
  /** Requests per minute per API key or session on /api/v1. */
  API_RATE_LIMIT: z.coerce.number().int().positive().default(1200),
  /** Failed sign-ins per account (and per account from one IP) before each further try must wait 2^k seconds. */
  LOGIN_RATE_LIMIT: z.coerce.number().int().positive().default(5),
  /** The longest such wait, in seconds. */
  LOGIN_BACKOFF_MAX_SECONDS: z.coerce.number().int().positive().default(300),
  /** Public website widget requests (chat, forms, tracking) per minute per visitor, and per IP address. */
  WEBSITE_VISITOR_RATE_LIMIT: z.coerce.number().int().positive().default(30),
  WEBSITE_IP_RATE_LIMIT: z.coerce.number().int().positive().default(300),
  /** scrypt cost for new password hashes: a power of two; lower it only in tests. */
  PIPEWISE_PASSWORD_N: z.coerce
    .number()
    .int()
    .min(1024)
    .max(2 ** 20)
    .refine((n) => (n & (n - 1)) === 0, 'must be a power of two')
    .default(2 ** 17),
  /** The address people open Pipewise at (e.g. https://crm.example.com): accepted as an Origin for cookie writes,
   * and the base of links in emails (unsubscribe, preference centre). */
  PIPEWISE_PUBLIC_URL: z.url('must be a URL such as https://crm.example.com').optional(),
  /** More origins allowed to send cookie-authenticated writes, comma separated. */
  PIPEWISE_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(z.url('must be a comma-separated list of origins such as https://crm.example.com'))),
  SECURE_COOKIES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  PIPEWISE_JOBS: z.enum(['inline', 'off']).default('inline'),
  /** Key material for secrets at rest (mailbox passwords) and signed links. Generated into the data folder when unset (PGlite only). */
  PIPEWISE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Signs preference-centre links (HMAC-SHA256). Unset: each workspace's own random key signs its links. */
  PRIVACY_LINK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Connections each process opens to PostgreSQL (docs/deploy.md: servers × pool + workers × pool ≤ max_connections). */
  PIPEWISE_DB_POOL: z.coerce.number().int().min(2).max(500).default(10),
  /** Jobs of one scheduled per-workspace queue a worker process runs at once. */
  PIPEWISE_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /**
   * Where import uploads are kept on PostgreSQL: `database` (the default: every process of a fleet reads them) or
   * `files` in the data folder (one server, or a shared folder). PGlite always keeps them as files in its data folder.
   */
  PIPEWISE_UPLOADS: z.enum(['database', 'files']).optional(),
  /** The chatbot's sentence embeddings (USE lite from node_modules); `off` answers on TF-IDF alone (tests, tiny hosts). */
  PIPEWISE_CHAT_EMBEDDINGS: z.enum(['on', 'off']).default('on'),
  /** Largest import upload in megabytes; a larger body is refused with 413. */
  PIPEWISE_IMPORT_MAX_MB: z.coerce
    .number('must be a number of megabytes such as 256')
    .positive('must be a number of megabytes such as 256')
    .max(1024 * 1024)
    .default(256),
  /** Bearer token for GET /metrics (Prometheus); unset, /metrics answers 404. */
  PIPEWISE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
});

export type Config = z.infer<typeof envSchema> & { databaseKind: 'pglite' | 'postgres'; dataDir: string };

/** Parsed once at boot; a bad variable stops the start with its name in the message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('validation', `Configuration ${String(issue.path[0])}: ${issue.message}`, {
      field: String(issue.path[0]),
    });
  }
  const c = parsed.data;
  return { ...c, databaseKind: c.DATABASE_URL ? 'postgres' : 'pglite', dataDir: path.resolve(c.PIPEWISE_DATA_DIR) };
}
