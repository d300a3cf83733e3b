CREATE TABLE "customer_rfm" (
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"recency_days" integer NOT NULL,
	"frequency" integer NOT NULL,
	"monetary" real NOT NULL,
	"returns" real DEFAULT 0 NOT NULL,
	"r" integer NOT NULL,
	"f" integer NOT NULL,
	"m" integer NOT NULL,
	"segment" text NOT NULL,
	"cluster" integer NOT NULL,
	"clv" real NOT NULL,
	"churn_risk" boolean NOT NULL,
	"gap_ratio" real NOT NULL,
	"usual_gap_days" real NOT NULL,
	"last_order_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"rules" jsonb NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"computed_at" timestamp with time zone,
	"last_error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"segment_key" text NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "segment_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"customers" integer NOT NULL,
	"summary" jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worklist_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"user_id" uuid,
	"item_key" text NOT NULL,
	"item_kind" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"snoozed_until" timestamp with time zone,
	"expected_value" real,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worklist_reps" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"territory" text,
	"capacity" integer DEFAULT 50 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "worklist_reps_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "worklist_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"response_target_hours" integer DEFAULT 24 NOT NULL,
	"stall_multiple" real DEFAULT 2 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_rfm" ADD CONSTRAINT "customer_rfm_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_rfm" ADD CONSTRAINT "customer_rfm_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_rfm" ADD CONSTRAINT "customer_rfm_run_id_segment_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."segment_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_segments" ADD CONSTRAINT "rule_segments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_segments" ADD CONSTRAINT "rule_segments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_memberships" ADD CONSTRAINT "segment_memberships_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_memberships" ADD CONSTRAINT "segment_memberships_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_runs" ADD CONSTRAINT "segment_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worklist_outcomes" ADD CONSTRAINT "worklist_outcomes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worklist_outcomes" ADD CONSTRAINT "worklist_outcomes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worklist_reps" ADD CONSTRAINT "worklist_reps_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worklist_reps" ADD CONSTRAINT "worklist_reps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "worklist_settings" ADD CONSTRAINT "worklist_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_rfm_key" ON "customer_rfm" USING btree ("workspace_id","contact_id");--> statement-breakpoint
CREATE INDEX "customer_rfm_segment_idx" ON "customer_rfm" USING btree ("workspace_id","segment");--> statement-breakpoint
CREATE INDEX "rule_segments_ws_idx" ON "rule_segments" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE INDEX "segment_memberships_open_idx" ON "segment_memberships" USING btree ("workspace_id","kind","segment_key","left_at");--> statement-breakpoint
CREATE INDEX "segment_memberships_contact_idx" ON "segment_memberships" USING btree ("workspace_id","contact_id","entered_at");--> statement-breakpoint
CREATE INDEX "segment_runs_ws_idx" ON "segment_runs" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "worklist_outcomes_item_idx" ON "worklist_outcomes" USING btree ("workspace_id","item_key","created_at");--> statement-breakpoint
CREATE INDEX "worklist_outcomes_user_idx" ON "worklist_outcomes" USING btree ("workspace_id","user_id","created_at");