-- Session data (P3): ids and timings only, kept at most 30 days (pivot.analytics.retention), purged daily by
-- occurred_at. There is no free-text column: names, summaries, JQL and e-mail addresses have nowhere to go (P4).
CREATE TABLE session_event (
    event_id       UUID        PRIMARY KEY,
    tenant_id      TEXT        NOT NULL,
    type           TEXT        NOT NULL CHECK (type IN ('report_generated', 'report_exported', 'report_failed',
                                                        'report_saved', 'page_loaded')),
    occurred_at    TIMESTAMPTZ NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL,
    source_type    TEXT        CHECK (source_type IN ('jql', 'filter', 'board', 'project', 'issue')),
    source_ids     TEXT[],
    issue_count    INTEGER,
    row_count      INTEGER,
    column_count   INTEGER,
    total_ms       INTEGER,
    fetch_ms       INTEGER,
    render_ms      INTEGER,
    app_version    TEXT,
    browser_family TEXT        CHECK (browser_family IN ('chrome', 'firefox', 'safari', 'edge', 'other')),
    failure_code   TEXT
);

-- support aggregates (tenant + day range) and tenant erasure
CREATE INDEX session_event_tenant_occurred ON session_event (tenant_id, occurred_at);
-- the retention purge; rows arrive roughly in occurred_at order, so a BRIN index is enough and costs ingest little
CREATE INDEX session_event_occurred_brin ON session_event USING BRIN (occurred_at);
