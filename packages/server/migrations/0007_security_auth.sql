CREATE TABLE IF NOT EXISTS "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"reset_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN IF NOT EXISTS "owned_by_workspace" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Keys made before this migration without a creator (the CLI's) keep working as workspace keys.
UPDATE "api_keys" SET "owned_by_workspace" = true WHERE "created_by" IS NULL;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "rate_limits_reset_idx" ON "rate_limits" USING btree ("reset_at");
