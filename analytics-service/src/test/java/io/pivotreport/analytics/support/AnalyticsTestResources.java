package io.pivotreport.analytics.support;

import io.pivotreport.events.Topics;

/** The topics every @QuarkusTest of this module creates (identical annotations = one application start). */
public final class AnalyticsTestResources {

    public static final String TOPICS = Topics.SESSION_EVENTS + ":2," + Topics.SESSION_EVENTS_DEAD_LETTER + ":1,"
            + Topics.TENANT_LIFECYCLE + ":1," + Topics.TENANT_ERASURE_RECEIPTS + ":1";

    private AnalyticsTestResources() {
    }
}
