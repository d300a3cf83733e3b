CREATE TABLE "dq_candidates" (
	"workspace_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"record_a" uuid NOT NULL,
	"record_b" uuid NOT NULL,
	"score" real NOT NULL,
	"reasons" jsonb NOT NULL,
	CONSTRAINT "dq_candidates_workspace_id_entity_type_record_a_record_b_pk" PRIMARY KEY("workspace_id","entity_type","record_a","record_b")
);
--> statement-breakpoint
CREATE TABLE "dq_dismissals" (
	"workspace_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"record_a" uuid NOT NULL,
	"record_b" uuid NOT NULL,
	"dismissed_by" text NOT NULL,
	"dismissed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dq_dismissals_workspace_id_entity_type_record_a_record_b_pk" PRIMARY KEY("workspace_id","entity_type","record_a","record_b")
);
--> statement-breakpoint
CREATE TABLE "dq_merges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"survivor_id" uuid NOT NULL,
	"loser_id" uuid NOT NULL,
	"loser_row" jsonb NOT NULL,
	"survivor_before" jsonb NOT NULL,
	"survivor_after" jsonb NOT NULL,
	"moved" jsonb NOT NULL,
	"merged_by" text NOT NULL,
	"merged_at" timestamp with time zone NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" text
);
--> statement-breakpoint
CREATE TABLE "dq_scans" (
	"workspace_id" uuid NOT NULL,
	"entity_type" text NOT NULL,
	"records" integer NOT NULL,
	"pairs_compared" integer NOT NULL,
	"candidates" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"scanned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "dq_scans_workspace_id_entity_type_pk" PRIMARY KEY("workspace_id","entity_type")
);
--> statement-breakpoint
ALTER TABLE "dq_candidates" ADD CONSTRAINT "dq_candidates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dq_dismissals" ADD CONSTRAINT "dq_dismissals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dq_merges" ADD CONSTRAINT "dq_merges_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dq_scans" ADD CONSTRAINT "dq_scans_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dq_candidates_score_idx" ON "dq_candidates" USING btree ("workspace_id","entity_type","score");--> statement-breakpoint
CREATE INDEX "dq_merges_ws_idx" ON "dq_merges" USING btree ("workspace_id","merged_at");--> statement-breakpoint
CREATE INDEX "dq_merges_loser_idx" ON "dq_merges" USING btree ("workspace_id","loser_id");