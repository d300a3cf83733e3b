ALTER TYPE "public"."consent_purpose" ADD VALUE IF NOT EXISTS 'website_tracking';--> statement-breakpoint
ALTER TYPE "public"."consent_purpose" ADD VALUE IF NOT EXISTS 'chat_transcripts';--> statement-breakpoint
CREATE TABLE "privacy_retention_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"months" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_run_count" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"hash_salt" text NOT NULL,
	"notice" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privacy_suppressions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"hash" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "wording" text;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "legal_basis" text;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "consent_website_tracking" "consent_state" DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "consent_chat_transcripts" "consent_state" DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "privacy_retention_policies" ADD CONSTRAINT "privacy_retention_policies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_settings" ADD CONSTRAINT "privacy_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privacy_suppressions" ADD CONSTRAINT "privacy_suppressions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_retention_kind_key" ON "privacy_retention_policies" USING btree ("workspace_id","kind");--> statement-breakpoint
CREATE INDEX "privacy_retention_enabled_idx" ON "privacy_retention_policies" USING btree ("enabled");--> statement-breakpoint
CREATE UNIQUE INDEX "privacy_suppressions_key" ON "privacy_suppressions" USING btree ("workspace_id","kind","hash");