package io.pivotreport.analytics.messaging;

/** Messaging channel names; their topics come from {@code Topics} via {@code TopicConfigSource}. */
public final class Channels {

    public static final String SESSION_EVENTS = "session-events";
    public static final String SESSION_EVENTS_DEAD_LETTER = "session-events-dead-letter";
    public static final String TENANT_LIFECYCLE = "tenant-lifecycle";

    private Channels() {
    }
}
