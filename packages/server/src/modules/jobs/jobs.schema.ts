import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, jsonb, real, pgEnum, index } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema';

export const jobStates = ['queued', 'running', 'done', 'failed'] as const;
export type JobState = (typeof jobStates)[number];
export const jobStateEnum = pgEnum('job_state', jobStates);

/** What users see of long work; pg-boss owns delivery and retries, this table owns progress and outcome. */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id').references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    state: jobStateEnum('state').notNull().default('queued'),
    progress: real('progress').notNull().default(0),
    message: text('message'),
    input: jsonb('input'),
    result: jsonb('result'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Which worker process runs it now, the pg-boss job carrying it, and when that worker last said it was alive. */
    workerId: text('worker_id'),
    queueJobId: uuid('queue_job_id'),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
  },
  (t) => [
    index('job_runs_ws_created_idx').on(t.workspaceId, t.createdAt),
    index('job_runs_running_heartbeat_idx')
      .on(t.heartbeatAt)
      .where(sql`state = 'running'`),
  ],
);
