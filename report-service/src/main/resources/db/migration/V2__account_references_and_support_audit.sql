-- Account closure (Atlassian `closed`): a closed account's shared reports stay for the other users of the site but lose
-- their owner; the time of the erasure is kept instead. Only a shared report can be ownerless.
ALTER TABLE saved_report ALTER COLUMN owner_account_id DROP NOT NULL;
ALTER TABLE saved_report ADD COLUMN owner_erased_at TIMESTAMPTZ;
ALTER TABLE saved_report ADD CONSTRAINT saved_report_owner_xor_erased
    CHECK ((owner_account_id IS NULL) = (owner_erased_at IS NOT NULL));
ALTER TABLE saved_report ADD CONSTRAINT saved_report_ownerless_is_shared
    CHECK (owner_account_id IS NOT NULL OR visibility = 'shared');
-- Serves the account closure (every tenant) and "is this the owner's last report in the tenant".
CREATE INDEX saved_report_owner ON saved_report (owner_account_id, tenant_id);

-- Which (tenant, account) pairs report-service has announced as HELD on pivot.account-references.v1, so that HELD goes
-- out once per pair and day at most and RELEASED when the owner's last report in the tenant goes.
-- announced_at NULL: held but not announced yet (rows from before this migration); the reconcile job announces them.
CREATE TABLE account_reference (
    tenant_id    TEXT        NOT NULL,
    account_id   TEXT        NOT NULL,
    announced_at TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, account_id)
);
CREATE INDEX account_reference_account ON account_reference (account_id);
CREATE INDEX account_reference_unannounced ON account_reference (tenant_id, account_id) WHERE announced_at IS NULL;

-- Backfill: every owner of an existing report, to be announced by the reconcile job.
INSERT INTO account_reference (tenant_id, account_id)
SELECT DISTINCT tenant_id, owner_account_id FROM saved_report WHERE owner_account_id IS NOT NULL;

-- Copied from libs/platform-data/src/main/resources/db/platform-data-tables.sql (each service owns its schema).
-- The support-access audit trail (policy P8): one row per support read, written in the same transaction as the read.
-- Append-only: the trigger refuses UPDATE and DELETE, and TRUNCATE, for every role including the owner. Rows hold ids
-- and the stated reason only (the gateway refuses reasons that look like private data).
CREATE TABLE support_access_audit (
    id           BIGSERIAL   PRIMARY KEY,
    accessed_at  TIMESTAMPTZ NOT NULL,
    engineer     TEXT        NOT NULL,
    tenant_id    TEXT        NOT NULL,
    resource     TEXT        NOT NULL,
    record_ids   TEXT[]      NOT NULL,
    record_count INTEGER     NOT NULL,
    reason       TEXT        NOT NULL,
    ticket       TEXT,
    token_id     TEXT
);
CREATE INDEX support_access_audit_tenant ON support_access_audit (tenant_id, accessed_at);

CREATE FUNCTION support_access_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'support_access_audit is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER support_access_audit_no_update_or_delete
    BEFORE UPDATE OR DELETE ON support_access_audit
    FOR EACH ROW EXECUTE FUNCTION support_access_audit_append_only();
CREATE TRIGGER support_access_audit_no_truncate
    BEFORE TRUNCATE ON support_access_audit
    FOR EACH STATEMENT EXECUTE FUNCTION support_access_audit_append_only();
