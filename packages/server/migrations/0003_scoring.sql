CREATE TABLE "scoring_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"model_id" uuid,
	"probability" real,
	"tier" text,
	"override_tier" text NOT NULL,
	"reason" text NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"target" text NOT NULL,
	"version" integer NOT NULL,
	"state" text DEFAULT 'candidate' NOT NULL,
	"family" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"features" jsonb NOT NULL,
	"params" jsonb NOT NULL,
	"report" jsonb NOT NULL,
	"card" jsonb NOT NULL,
	"model" jsonb NOT NULL,
	"ready" boolean NOT NULL,
	"not_ready_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tier_cuts" jsonb,
	"trained_at" timestamp with time zone NOT NULL,
	"trained_by" text NOT NULL,
	"approved_by" text,
	"approval_note" text,
	"activated_at" timestamp with time zone,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scoring_scores" (
	"workspace_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"model_version" integer NOT NULL,
	"probability" real NOT NULL,
	"tier" text NOT NULL,
	"factors" jsonb NOT NULL,
	"scored_at" timestamp with time zone NOT NULL,
	"override_tier" text,
	"override_reason" text,
	"override_by" text,
	"override_at" timestamp with time zone,
	CONSTRAINT "scoring_scores_workspace_id_entity_entity_id_pk" PRIMARY KEY("workspace_id","entity","entity_id")
);
--> statement-breakpoint
CREATE TABLE "scoring_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"horizon_days" integer DEFAULT 90 NOT NULL,
	"last_change_scan_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scoring_feedback" ADD CONSTRAINT "scoring_feedback_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_feedback" ADD CONSTRAINT "scoring_feedback_model_id_scoring_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."scoring_models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_models" ADD CONSTRAINT "scoring_models_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_scores" ADD CONSTRAINT "scoring_scores_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_scores" ADD CONSTRAINT "scoring_scores_model_id_scoring_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."scoring_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_settings" ADD CONSTRAINT "scoring_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "scoring_feedback_entity_idx" ON "scoring_feedback" USING btree ("workspace_id","entity","entity_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_models_ws_target_version_key" ON "scoring_models" USING btree ("workspace_id","target","version");--> statement-breakpoint
CREATE INDEX "scoring_models_ws_state_idx" ON "scoring_models" USING btree ("workspace_id","target","state");--> statement-breakpoint
CREATE INDEX "scoring_scores_model_idx" ON "scoring_scores" USING btree ("model_id");