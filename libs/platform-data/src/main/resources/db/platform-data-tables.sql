-- Tables platform-data needs. Each service copies this DDL into one of its own Flyway migrations (each service owns
-- its schema; a shared migration location would couple their histories).

CREATE TABLE outbox_event (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    sent_at      TIMESTAMPTZ,
    attempts     INTEGER     NOT NULL DEFAULT 0
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;

CREATE TABLE processed_event (
    consumer     TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

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
