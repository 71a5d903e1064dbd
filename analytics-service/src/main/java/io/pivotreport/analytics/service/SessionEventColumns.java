package io.pivotreport.analytics.service;

import io.pivotreport.events.SessionEvent;

import java.util.Locale;

/** How enum values of the shared schema are written to the database: their wire names, e.g. {@code report_generated}. */
final class SessionEventColumns {

    static final String REPORT_GENERATED = type(SessionEvent.EventType.REPORT_GENERATED);
    static final String REPORT_FAILED = type(SessionEvent.EventType.REPORT_FAILED);

    private SessionEventColumns() {
    }

    static String type(SessionEvent.EventType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    static String sourceType(SessionEvent.SourceType type) {
        return type == null ? null : type.name().toLowerCase(Locale.ROOT);
    }

    static String browser(SessionEvent.BrowserFamily family) {
        return family.name().toLowerCase(Locale.ROOT);
    }
}
