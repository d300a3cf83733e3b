CREATE TABLE IF NOT EXISTS "import_upload_chunks" (
	"workspace_id" uuid NOT NULL,
	"upload_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "import_upload_chunks_workspace_id_upload_id_seq_pk" PRIMARY KEY("workspace_id","upload_id","seq")
);
--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "import_upload_chunks" ADD CONSTRAINT "import_upload_chunks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
