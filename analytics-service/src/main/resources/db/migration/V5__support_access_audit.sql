-- Copied from libs/platform-data/src/main/resources/db/platform-data-tables.sql (each service owns its schema):
-- the append-only audit trail of support reads (SupportAccessAudit.recordRead).

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
