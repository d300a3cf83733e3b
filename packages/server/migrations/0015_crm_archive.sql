ALTER TABLE "pipeline_stages" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pipelines" ADD COLUMN "archived_at" timestamp with time zone;