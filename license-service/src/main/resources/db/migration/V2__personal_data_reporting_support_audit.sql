-- Personal Data Reporting (policy P13): which services hold data of which Atlassian account in which tenant, and when
-- each account is next reported to Atlassian. Only accountIds and times: no profile data.

-- One row per (tenant, account, service) that holds data of the account; deleted when the service releases it.
CREATE TABLE account_holder (
    tenant_id   UUID        NOT NULL REFERENCES tenant (id),
    account_id  TEXT        NOT NULL CHECK (account_id ~ '^[A-Za-z0-9:-]{1,128}$'),
    service     TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, account_id, service)
);
CREATE INDEX account_holder_account ON account_holder (account_id);

-- One row per (tenant, account) while at least one service holds the account there: the reporting registry.
CREATE TABLE reported_account (
    tenant_id        UUID        NOT NULL REFERENCES tenant (id),
    account_id       TEXT        NOT NULL CHECK (account_id ~ '^[A-Za-z0-9:-]{1,128}$'),
    updated_at       TIMESTAMPTZ NOT NULL,
    next_report_at   TIMESTAMPTZ NOT NULL,
    last_reported_at TIMESTAMPTZ,
    last_status      TEXT,
    PRIMARY KEY (tenant_id, account_id)
);
CREATE INDEX reported_account_due ON reported_account (next_report_at, tenant_id);
CREATE INDEX reported_account_account ON reported_account (account_id);

-- The app's single reporting budget: a 429 pauses reporting for every tenant until paused_until.
CREATE TABLE personal_data_reporting (
    id           INTEGER     PRIMARY KEY CHECK (id = 1),
    paused_until TIMESTAMPTZ
);
INSERT INTO personal_data_reporting (id, paused_until) VALUES (1, NULL);

-- From libs/platform-data/src/main/resources/db/platform-data-tables.sql (each service owns its copy).
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
