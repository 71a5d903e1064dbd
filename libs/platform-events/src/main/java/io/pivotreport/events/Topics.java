package io.pivotreport.events;

/**
 * Kafka topic names, defined once for every producer and consumer. The {@code .v1} suffix lets a breaking schema change
 * ship on a new topic while consumers of the old one drain.
 */
public final class Topics {

    /** Tenant lifecycle events published by license-service through its outbox. Key: tenant id. */
    public static final String TENANT_LIFECYCLE = "pivot.tenant-lifecycle.v1";

    /** Per-service erasure receipts, consumed by license-service into the account history. Key: tenant id. */
    public static final String TENANT_ERASURE_RECEIPTS = "pivot.tenant-erasure-receipts.v1";

    /** Session events produced by the gateway intake, consumed by analytics-service. Key: tenant id. */
    public static final String SESSION_EVENTS = "pivot.session-events.v1";

    /** Session events that could not be stored, with the reason in the {@code x-dlq-reason} header. */
    public static final String SESSION_EVENTS_DEAD_LETTER = "pivot.session-events.dlq.v1";

    /**
     * Which Atlassian accounts a service holds personal data for (report owners), published by each such service
     * through its outbox and consumed by license-service, which reports them to Atlassian's Personal Data Reporting
     * API. Key: tenant id.
     */
    public static final String ACCOUNT_REFERENCES = "pivot.account-references.v1";

    /**
     * Accounts Atlassian answered {@code closed} for, published by license-service through its outbox; every service
     * holding data of the account erases it. Key: the accountId (an account is closed everywhere at once).
     */
    public static final String ACCOUNT_CLOSURES = "pivot.account-closures.v1";

    /** Header carrying the reason a record was dead-lettered: a fixed code, never record content. */
    public static final String DEAD_LETTER_REASON_HEADER = "x-dlq-reason";

    private Topics() {
    }
}
