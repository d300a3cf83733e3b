CREATE TABLE "monitoring_churn_flags" (
	"workspace_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"flagged_at" timestamp with time zone NOT NULL,
	"churn_risk" boolean NOT NULL,
	CONSTRAINT "monitoring_churn_flags_workspace_id_run_id_contact_id_pk" PRIMARY KEY("workspace_id","run_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "kpi_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"adopted_on" date,
	"minutes" jsonb NOT NULL,
	"hourly_rate" double precision NOT NULL,
	"costs" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_targets" (
	"workspace_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"period" text NOT NULL,
	"target" double precision NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kpi_targets_workspace_id_metric_pk" PRIMARY KEY("workspace_id","metric")
);
--> statement-breakpoint
ALTER TABLE "monitoring_churn_flags" ADD CONSTRAINT "monitoring_churn_flags_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_settings" ADD CONSTRAINT "kpi_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_targets" ADD CONSTRAINT "kpi_targets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitoring_churn_flags_at_idx" ON "monitoring_churn_flags" USING btree ("workspace_id","flagged_at");