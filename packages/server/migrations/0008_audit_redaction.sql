-- The audit log stays append-only, with one controlled exception: an erasure (privacy module) may UPDATE entries
-- to redact a person's data from before/after, inside a transaction that set pipewise.audit_redaction = 'on' with
-- set_config(..., true) (transaction-local). DELETE is still always rejected, and so is any change of the entry's
-- identity (id, workspace, actor, action, entity, time): only before/after may change.
CREATE OR REPLACE FUNCTION audit_log_reject_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND coalesce(current_setting('pipewise.audit_redaction', true), '') = 'on'
     AND NEW.id = OLD.id AND NEW.workspace_id = OLD.workspace_id AND NEW.actor_type = OLD.actor_type
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.action = OLD.action
     AND NEW.entity_type = OLD.entity_type AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.at = OLD.at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
