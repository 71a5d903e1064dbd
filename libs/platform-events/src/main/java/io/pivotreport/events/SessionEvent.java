package io.pivotreport.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Session data: what a report run did, in ids and timings only (policy P3). There is deliberately no field that can
 * hold free text: names, summaries, JQL text and e-mail addresses have nowhere to go, and unknown fields are rejected
 * by {@link EventJson}.
 *
 * <p>The browser sends {@link SessionEventInput}; the gateway adds the tenant from the verified token with
 * {@link #of(String, SessionEventInput)}. A tenant id is never taken from the request body.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionEvent(
        UUID eventId,
        String tenantId,
        EventType type,
        Instant occurredAt,
        Source source,
        Counts counts,
        Timings timings,
        String appVersion,
        BrowserFamily browserFamily,
        String failureCode) {

    public static SessionEvent of(String tenantId, SessionEventInput input) {
        return new SessionEvent(input.eventId(), tenantId, input.type(), input.occurredAt(), input.source(),
                input.counts(), input.timings(), input.appVersion(), input.browserFamily(), input.failureCode());
    }

    public enum EventType {
        @JsonProperty("report_generated") REPORT_GENERATED,
        @JsonProperty("report_exported") REPORT_EXPORTED,
        @JsonProperty("report_failed") REPORT_FAILED,
        @JsonProperty("report_saved") REPORT_SAVED,
        @JsonProperty("page_loaded") PAGE_LOADED
    }

    public enum SourceType {
        @JsonProperty("jql") JQL,
        @JsonProperty("filter") FILTER,
        @JsonProperty("board") BOARD,
        @JsonProperty("project") PROJECT,
        @JsonProperty("issue") ISSUE
    }

    public enum BrowserFamily {
        @JsonProperty("chrome") CHROME,
        @JsonProperty("firefox") FIREFOX,
        @JsonProperty("safari") SAFARI,
        @JsonProperty("edge") EDGE,
        @JsonProperty("other") OTHER
    }

    /**
     * Where the report's data came from: numeric ids or Jira keys only. A JQL source carries no query text, only the
     * ids of what the query touched, if any.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(SourceType type, List<String> ids) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Counts(Integer issues, Integer rows, Integer columns) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timings(Integer totalMs, Integer fetchMs, Integer renderMs) {
    }
}
