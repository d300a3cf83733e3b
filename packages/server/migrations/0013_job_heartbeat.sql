ALTER TABLE "job_runs" ADD COLUMN IF NOT EXISTS "worker_id" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN IF NOT EXISTS "queue_job_id" uuid;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN IF NOT EXISTS "heartbeat_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "job_runs_running_heartbeat_idx" ON "job_runs" USING btree ("heartbeat_at") WHERE state = 'running';