package io.pivotreport.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules a session event must meet before the gateway accepts it and again before analytics-service stores it
 * (a record that reached the topic some other way gets the same check).
 */
public final class SessionEventValidator {

    /** Numeric Jira ids, or project / issue keys such as {@code PIV} or {@code PIV-123}. */
    private static final Pattern ID_OR_KEY = Pattern.compile("^(?:[0-9]{1,19}|[A-Z][A-Z0-9_]{0,19}(?:-[0-9]{1,12})?)$");
    private static final Pattern APP_VERSION = Pattern.compile("^[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,6}(?:-[A-Za-z0-9.]{1,20})?$");
    private static final Pattern FAILURE_CODE = Pattern.compile("^[a-z0-9_]{1,64}$");
    private static final Pattern TENANT_ID = Pattern.compile("^[A-Za-z0-9:._/-]{1,128}$");

    public static final int MAX_IDS = 100;
    public static final int MAX_COUNT = 10_000_000;
    public static final int MAX_TIMING_MS = 3_600_000;
    /** Older events would be purged at once by the 30-day retention; refusing them keeps the promise visible. */
    public static final Duration MAX_AGE = Duration.ofDays(30);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final Clock clock;

    public SessionEventValidator(Clock clock) {
        this.clock = clock;
    }

    public List<Violation> validate(SessionEventInput input) {
        return validate(input, "");
    }

    /** Validates one input; {@code prefix} is prepended to field paths (e.g. {@code /events/3}). */
    public List<Violation> validate(SessionEventInput input, String prefix) {
        List<Violation> violations = new ArrayList<>();
        if (input == null) {
            violations.add(new Violation(prefix.isEmpty() ? "/" : prefix, "must not be null"));
            return violations;
        }
        check(violations, input.eventId() != null, prefix + "/eventId", "is required");
        check(violations, input.type() != null, prefix + "/type", "is required");
        checkOccurredAt(violations, input.occurredAt(), prefix + "/occurredAt");
        checkSource(violations, input.source(), prefix + "/source");
        if (input.counts() != null) {
            checkRange(violations, input.counts().issues(), MAX_COUNT, prefix + "/counts/issues");
            checkRange(violations, input.counts().rows(), MAX_COUNT, prefix + "/counts/rows");
            checkRange(violations, input.counts().columns(), MAX_COUNT, prefix + "/counts/columns");
        }
        if (input.timings() != null) {
            checkRange(violations, input.timings().totalMs(), MAX_TIMING_MS, prefix + "/timings/totalMs");
            checkRange(violations, input.timings().fetchMs(), MAX_TIMING_MS, prefix + "/timings/fetchMs");
            checkRange(violations, input.timings().renderMs(), MAX_TIMING_MS, prefix + "/timings/renderMs");
        }
        if (input.appVersion() != null) {
            check(violations, APP_VERSION.matcher(input.appVersion()).matches(), prefix + "/appVersion",
                    "must be a version such as 1.4.2");
        }
        if (input.failureCode() != null) {
            check(violations, FAILURE_CODE.matcher(input.failureCode()).matches(), prefix + "/failureCode",
                    "must be a lower-case code of at most 64 characters [a-z0-9_]");
            check(violations, input.type() == SessionEvent.EventType.REPORT_FAILED, prefix + "/failureCode",
                    "is only allowed on report_failed events");
        }
        return violations;
    }

    /** Validates an event as stored: the input rules plus a well-formed tenant id. */
    public List<Violation> validate(SessionEvent event) {
        if (event == null) {
            return List.of(new Violation("/", "must not be null"));
        }
        List<Violation> violations = new ArrayList<>(validate(new SessionEventInput(event.eventId(), event.type(),
                event.occurredAt(), event.source(), event.counts(), event.timings(), event.appVersion(),
                event.browserFamily(), event.failureCode())));
        check(violations, event.tenantId() != null && TENANT_ID.matcher(event.tenantId()).matches(), "/tenantId",
                "is required and must be a tenant id");
        return violations;
    }

    private void checkOccurredAt(List<Violation> violations, Instant occurredAt, String field) {
        if (occurredAt == null) {
            violations.add(new Violation(field, "is required"));
            return;
        }
        Instant now = clock.instant();
        check(violations, !occurredAt.isAfter(now.plus(MAX_CLOCK_SKEW)), field, "must not be in the future");
        check(violations, !occurredAt.isBefore(now.minus(MAX_AGE)), field, "must be within the last 30 days");
    }

    private void checkSource(List<Violation> violations, SessionEvent.Source source, String field) {
        if (source == null) {
            return;
        }
        check(violations, source.type() != null, field + "/type", "is required");
        if (source.ids() == null) {
            return;
        }
        check(violations, source.ids().size() <= MAX_IDS, field + "/ids", "must hold at most " + MAX_IDS + " ids");
        for (int i = 0; i < source.ids().size() && i < MAX_IDS; i++) {
            String id = source.ids().get(i);
            check(violations, id != null && ID_OR_KEY.matcher(id).matches(), field + "/ids/" + i,
                    "must be a numeric id or a Jira key");
        }
    }

    private static void checkRange(List<Violation> violations, Integer value, int max, String field) {
        if (value != null) {
            check(violations, value >= 0 && value <= max, field, "must be between 0 and " + max);
        }
    }

    private static void check(List<Violation> violations, boolean ok, String field, String message) {
        if (!ok) {
            violations.add(new Violation(field, message));
        }
    }
}
