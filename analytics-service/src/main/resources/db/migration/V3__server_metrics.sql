-- Anonymised server-app metrics (P14). The organisation id is stored only as HMAC-SHA256 (hex) under
-- pivot.analytics.org-hash-key; nothing here can hold a person's data.
CREATE TABLE server_metrics_report (
    id                  BIGSERIAL   PRIMARY KEY,
    org_hash            CHAR(64)    NOT NULL,
    period              DATE        NOT NULL,
    app_version         TEXT        NOT NULL,
    product_version     TEXT        NOT NULL,
    reports_generated   BIGINT      NOT NULL CHECK (reports_generated >= 0),
    saved_reports       BIGINT      NOT NULL CHECK (saved_reports >= 0),
    active_users_bucket TEXT        NOT NULL CHECK (active_users_bucket IN ('0', '1-10', '11-100', '101-1000',
                                                                            '1001-10000', '10001+')),
    received_at         TIMESTAMPTZ NOT NULL,
    UNIQUE (org_hash, period)
);

CREATE TABLE server_metrics_opt_out (
    org_hash     CHAR(64)    PRIMARY KEY,
    opted_out_at TIMESTAMPTZ NOT NULL
);
