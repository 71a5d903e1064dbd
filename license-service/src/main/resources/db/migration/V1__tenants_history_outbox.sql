-- license-service owns tenants (Connect and Forge installations), their encrypted shared secrets, licence state and
-- the account-data history kept for troubleshooting (at most 30 days, purged daily).

CREATE TABLE tenant (
    id                    UUID        PRIMARY KEY,
    platform              TEXT        NOT NULL CHECK (platform IN ('connect', 'forge')),
    state                 TEXT        NOT NULL CHECK (state IN ('installed', 'enabled', 'disabled', 'uninstalled', 'erased')),
    -- Connect identity and details
    client_key            TEXT        UNIQUE,
    base_url              TEXT,
    display_url           TEXT,
    product_type          TEXT,
    oauth_client_id       TEXT,
    entitlement_id        TEXT,
    entitlement_number    TEXT,
    cloud_id              TEXT,
    installation_id       TEXT,
    -- Forge identity and details
    forge_installation_id TEXT        UNIQUE,
    environment_type      TEXT,
    environment_id        TEXT,
    app_id                TEXT,
    -- the shared secret, AES-256-GCM; the plaintext is never stored
    secret_key_id         TEXT,
    secret_nonce          BYTEA,
    secret_ciphertext     BYTEA,
    -- lifecycle ordering: the newest installed/uninstalled and enabled/disabled events seen (token iat, epoch seconds)
    install_event         TEXT        CHECK (install_event IN ('installed', 'uninstalled')),
    install_event_iat     BIGINT,
    installed_since_iat   BIGINT,
    enablement_event      TEXT        CHECK (enablement_event IN ('enabled', 'disabled')),
    enablement_event_iat  BIGINT,
    previous_tenant_id    UUID,
    -- licence
    license_status        TEXT,
    license_source        TEXT,
    license_checked_at    TIMESTAMPTZ,
    license_recorded_at   TIMESTAMPTZ,
    -- times
    installed_at          TIMESTAMPTZ,
    uninstalled_at        TIMESTAMPTZ,
    erase_after           TIMESTAMPTZ,
    erased_at             TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    CONSTRAINT tenant_secret_complete CHECK (
        (secret_key_id IS NULL AND secret_nonce IS NULL AND secret_ciphertext IS NULL)
        OR (secret_key_id IS NOT NULL AND secret_nonce IS NOT NULL AND secret_ciphertext IS NOT NULL)),
    CONSTRAINT tenant_erased_is_tombstone CHECK (
        state <> 'erased' OR (client_key IS NULL AND forge_installation_id IS NULL AND secret_ciphertext IS NULL
                              AND base_url IS NULL AND erased_at IS NOT NULL))
);
CREATE INDEX tenant_base_url ON tenant (base_url) WHERE base_url IS NOT NULL;
CREATE INDEX tenant_erasure_due ON tenant (erase_after) WHERE state = 'uninstalled';
CREATE INDEX tenant_secret_key ON tenant (secret_key_id) WHERE secret_key_id IS NOT NULL;

-- Account-data history: what happened to a tenant, for troubleshooting. Never a secret, never private data.
CREATE TABLE account_history (
    id          BIGSERIAL   PRIMARY KEY,
    tenant_id   UUID        NOT NULL REFERENCES tenant (id),
    kind        TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    detail      JSONB       NOT NULL
);
CREATE INDEX account_history_tenant ON account_history (tenant_id, occurred_at);
CREATE INDEX account_history_occurred ON account_history (occurred_at);

-- From libs/platform-data/src/main/resources/db/platform-data-tables.sql (each service owns its copy).
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
