-- The audit log stays append-only, with one exception: deleting a whole workspace removes its history with it.
-- The workspace deletion (workspaces.service) sets pipewise.deleting_workspace to the workspace's id for its own
-- transaction only; the cascade from workspaces then reaches audit_log and only that workspace's rows may go.
CREATE OR REPLACE FUNCTION audit_log_reject_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.workspace_id::text = current_setting('pipewise.deleting_workspace', true) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
