-- Saved reports: the only customer content the policy lets us keep, until the user deletes it (P6). No column can hold
-- issue content or user names: the configuration is validated field ids and tokens (P4), see docs/report-service.md.
CREATE TABLE saved_report (
    id               UUID        PRIMARY KEY,
    tenant_id        TEXT        NOT NULL CHECK (char_length(tenant_id) BETWEEN 1 AND 128),
    owner_account_id TEXT        NOT NULL CHECK (char_length(owner_account_id) BETWEEN 1 AND 128),
    name             TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    source_type      TEXT        NOT NULL CHECK (source_type IN ('jql', 'filter', 'board', 'project')),
    source_ref       TEXT        NOT NULL CHECK (char_length(source_ref) BETWEEN 1 AND 2000),
    -- The service caps the compact serialisation at 16 KiB; jsonb's text form adds blanks, hence the looser backstop.
    configuration    JSONB       NOT NULL CHECK (octet_length(configuration::text) <= 32768),
    visibility       TEXT        NOT NULL CHECK (visibility IN ('private', 'shared')),
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    version          BIGINT      NOT NULL DEFAULT 0
);

-- Serves the listing (tenant, newest first), the quota count and the tenant erasure.
CREATE INDEX saved_report_tenant_updated ON saved_report (tenant_id, updated_at DESC, id DESC);

-- Copied from libs/platform-data/src/main/resources/db/platform-data-tables.sql (each service owns its schema).
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
