package io.pivotreport.analytics.messaging;

import java.util.Locale;

/**
 * Why a session-event record was dead-lettered. The code travels in the {@code x-dlq-reason} header and as the
 * {@code reason} tag of {@code pivot_session_events_dead_lettered_total}; it never contains record content.
 */
public enum DeadLetterReason {
    /** Empty, a tombstone, or not well-formed JSON. */
    NOT_JSON,
    /** A field the schema does not have: where private data would slip in. */
    UNKNOWN_FIELD,
    /** Well-formed JSON of the wrong shape: wrong type, unknown enum value, bad timestamp. */
    WRONG_SHAPE,
    /** No tenant id in the event. */
    MISSING_TENANT,
    /** The record key is not the event's tenant (the gateway keys by tenant). */
    TENANT_MISMATCH,
    /** Fails {@code SessionEventValidator}: ids that are not ids, out-of-range counts or timings, bad codes. */
    INVALID,
    /** Older than the configured retention on arrival: it would have to be purged at once. */
    EXPIRED,
    /** Decoded, but the database refused it as data (poison found by ConsumerRetry's per-record fallback). */
    REFUSED_BY_DATABASE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
