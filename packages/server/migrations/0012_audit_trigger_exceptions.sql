-- The audit log stays append-only, with two controlled exceptions, each allowed only inside a transaction that set a
-- transaction-local setting (set_config(..., true)):
-- - deleting a whole workspace (workspaces.service sets pipewise.deleting_workspace to its id): the cascade may
--   remove that workspace's rows, no others;
-- - an erasure (privacy.service sets pipewise.audit_redaction = 'on'): before/after may be redacted, nothing else of
--   the entry may change (its identity, time and hash chain), and the trigger stamps redacted_at so verification
--   knows the values no longer match their content_hash (modules/audit/audit-chain.ts).
CREATE OR REPLACE FUNCTION audit_log_reject_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.workspace_id::text = current_setting('pipewise.deleting_workspace', true) THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND coalesce(current_setting('pipewise.audit_redaction', true), '') = 'on'
     AND NEW.id = OLD.id AND NEW.workspace_id = OLD.workspace_id AND NEW.actor_type = OLD.actor_type
     AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.action = OLD.action
     AND NEW.entity_type = OLD.entity_type AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.at = OLD.at
     AND NEW.prev_hash IS NOT DISTINCT FROM OLD.prev_hash AND NEW.hash IS NOT DISTINCT FROM OLD.hash
     AND NEW.content_hash IS NOT DISTINCT FROM OLD.content_hash THEN
    NEW.redacted_at := now();
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql;
