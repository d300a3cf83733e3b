CREATE TABLE "forecast_points" (
	"run_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"step" integer NOT NULL,
	"mean" real NOT NULL,
	"lo80" real NOT NULL,
	"hi80" real NOT NULL,
	"lo95" real NOT NULL,
	"hi95" real NOT NULL,
	"actual" real,
	CONSTRAINT "forecast_points_run_id_period_start_pk" PRIMARY KEY("run_id","period_start")
);
--> statement-breakpoint
CREATE TABLE "forecast_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"source" text NOT NULL,
	"metric" text NOT NULL,
	"grain" text NOT NULL,
	"scope" jsonb NOT NULL,
	"horizon" integer NOT NULL,
	"method" text NOT NULL,
	"reason" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"trained_through" date NOT NULL,
	"mase_scale" real,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"accuracy" jsonb,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "forecast_points" ADD CONSTRAINT "forecast_points_run_id_forecast_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."forecast_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_points" ADD CONSTRAINT "forecast_points_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forecast_runs" ADD CONSTRAINT "forecast_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forecast_points_ws_idx" ON "forecast_points" USING btree ("workspace_id","period_start");--> statement-breakpoint
CREATE UNIQUE INDEX "forecast_runs_origin_key" ON "forecast_runs" USING btree ("workspace_id","kind","key","trained_through");--> statement-breakpoint
CREATE INDEX "forecast_runs_ws_created_idx" ON "forecast_runs" USING btree ("workspace_id","created_at");