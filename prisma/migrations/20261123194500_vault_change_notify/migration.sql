-- Workload reads cache their token and secret-version rows in each web process
-- (lib/domain/vault/read-cache.ts). Every write that could change a read's answer notifies
-- channel keyward_vault, so each process drops its cache within milliseconds of the commit:
-- a revoked token, a disabled identity, a new or deleted version or a changed policy is never
-- served from a cache. Statement-level triggers: one notification per statement, and
-- PostgreSQL folds identical notifications of one transaction into one.
CREATE FUNCTION keyward_notify_vault_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keyward_vault', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

-- Tokens: not on INSERT (a new token was never cached) nor on lastUsedAt / lastIp bookkeeping.
CREATE TRIGGER "AccessToken_vault_change" AFTER DELETE OR UPDATE OF "revokedAt", "expiresAt", "maxExpiresAt", "identityId", "tokenHash" ON "AccessToken"
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_notify_vault_change();
CREATE TRIGGER "WorkloadIdentity_vault_change" AFTER UPDATE OR DELETE ON "WorkloadIdentity"
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_notify_vault_change();
CREATE TRIGGER "Application_vault_change" AFTER UPDATE OR DELETE ON "Application"
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_notify_vault_change();
-- Secrets: UPDATE of any column but the usage bookkeeping the read path itself may write.
CREATE TRIGGER "Secret_vault_change" AFTER INSERT OR DELETE OR UPDATE OF "path", "environment", "ownerTeamId", "status" ON "Secret"
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_notify_vault_change();
CREATE TRIGGER "SecretVersion_vault_change" AFTER INSERT OR UPDATE OR DELETE ON "SecretVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_notify_vault_change();
CREATE TRIGGER "KeyVersion_vault_change" AFTER INSERT OR UPDATE OR DELETE ON "KeyVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_notify_vault_change();
CREATE TRIGGER "Policy_vault_change" AFTER INSERT OR UPDATE OR DELETE ON "Policy"
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_notify_vault_change();
CREATE TRIGGER "PolicyAttachment_vault_change" AFTER INSERT OR UPDATE OR DELETE ON "PolicyAttachment"
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_notify_vault_change();
-- Grants: not on lastUsedAt, which a person's read with the grant writes.
CREATE TRIGGER "Grant_vault_change" AFTER INSERT OR DELETE OR UPDATE OF "identityId", "userId", "teamId", "secretId", "pathPattern", "capabilities", "expiresAt", "revokedAt" ON "Grant"
  FOR EACH STATEMENT EXECUTE FUNCTION keyward_notify_vault_change();
