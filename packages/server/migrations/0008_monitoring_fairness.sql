CREATE TABLE IF NOT EXISTS "monitoring_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"target" text NOT NULL,
	"model_id" uuid NOT NULL,
	"model_version" integer NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"drift" jsonb NOT NULL,
	"alerts" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "monitoring_predictions" (
	"workspace_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"model_version" integer NOT NULL,
	"probability" real NOT NULL,
	"tier" text NOT NULL,
	"override_tier" text,
	"scored_at" timestamp with time zone NOT NULL,
	"outcome" smallint,
	"outcome_at" timestamp with time zone,
	CONSTRAINT "monitoring_predictions_workspace_id_model_id_entity_id_pk" PRIMARY KEY("workspace_id","model_id","entity_id")
);
--> statement-breakpoint
ALTER TABLE "scoring_models" ADD COLUMN IF NOT EXISTS "fairness_acknowledgement" jsonb;--> statement-breakpoint
ALTER TABLE "scoring_settings" ADD COLUMN IF NOT EXISTS "sensitive_attributes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "monitoring_checks" ADD CONSTRAINT "monitoring_checks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_predictions" ADD CONSTRAINT "monitoring_predictions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "monitoring_checks_ws_target_idx" ON "monitoring_checks" USING btree ("workspace_id","target","checked_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "monitoring_predictions_open_idx" ON "monitoring_predictions" USING btree ("workspace_id","entity","outcome");