package io.pivotreport.analytics.service;

import io.pivotreport.analytics.config.AnalyticsConfig;
import io.pivotreport.events.Violation;
import io.pivotreport.platform.data.SupportAccessAudit;
import io.pivotreport.platform.security.CallerContext;
import io.pivotreport.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.MDC;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-tenant daily report performance for support engineers, computed from the stored session events (so it can never
 * outlive them: aggregates cover the retention window only). Days are UTC. Percentiles are nearest-rank
 * ({@code percentile_disc}): the reported p95 is a generation time that really occurred.
 */
@ApplicationScoped
public class SupportAggregates {

    static final Pattern TENANT_ID = Pattern.compile("^[A-Za-z0-9:._-]{1,128}$");
    private static final Pattern DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");

    private static final String QUERY = """
            SELECT CAST(occurred_at AT TIME ZONE 'UTC' AS date) AS day,
                   count(*) FILTER (WHERE type = ?4) AS generated,
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY total_ms)
                       FILTER (WHERE type = ?4 AND total_ms IS NOT NULL) AS p50,
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY total_ms)
                       FILTER (WHERE type = ?4 AND total_ms IS NOT NULL) AS p95,
                   count(*) FILTER (WHERE type = ?5) AS failures
            FROM session_event
            WHERE tenant_id = ?1 AND occurred_at >= ?2 AND occurred_at < ?3
            GROUP BY day
            """;

    @Inject
    EntityManager em;

    @Inject
    AnalyticsConfig config;

    @Inject
    CallerContext caller;

    @Inject
    SupportAccessAudit audit;

    /** The resource name support-access audit rows of this read carry; their record ids are the days' dates. */
    public static final String AUDIT_RESOURCE = "daily_aggregate";

    /** One UTC day; the percentiles are null when no report with a timing was generated that day. */
    public record Day(LocalDate date, long reportsGenerated, Integer generationP50Ms, Integer generationP95Ms,
                      long failures) {
    }

    public record Range(LocalDate from, LocalDate to) {
    }

    /** Parses and checks the query; throws a validation problem naming each bad parameter. */
    public Range range(String tenantId, String from, String to) {
        List<Violation> violations = new ArrayList<>();
        if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
            violations.add(new Violation("tenantId", "must be a tenant id"));
        }
        LocalDate fromDate = date(from, "from", violations);
        LocalDate toDate = date(to, "to", violations);
        if (fromDate != null && toDate != null) {
            if (toDate.isBefore(fromDate)) {
                violations.add(new Violation("to", "must not be before from"));
            } else if (ChronoUnit.DAYS.between(fromDate, toDate) + 1 > config.support().maxRangeDays()) {
                violations.add(new Violation("to", "the range may cover at most " + config.support().maxRangeDays()
                        + " days"));
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        return new Range(fromDate, toDate);
    }

    /**
     * The support read: only for the tenant of the internal token (the gateway sets it from the same path, so another
     * tenant in the path is a forged or misrouted call), and audited in the same transaction. The audit row is written
     * before anything is read: a token without a stated reason (403) reads nothing, and a read whose audit row cannot
     * be written fails with it.
     */
    @Transactional
    public List<Day> auditedDaily(String pathTenantId, Range range) {
        String tenant = caller.tenantId();
        if (!tenant.equals(pathTenantId)) {
            throw ProblemException.forbidden("The support token is for another tenant than the path names");
        }
        MDC.put("tenant", tenant);
        try {
            List<String> dates = new ArrayList<>();
            for (LocalDate date = range.from(); !date.isAfter(range.to()); date = date.plusDays(1)) {
                dates.add(date.toString());
            }
            audit.recordRead(AUDIT_RESOURCE, dates);
            return daily(tenant, range);
        } finally {
            MDC.remove("tenant");
        }
    }

    /** Every day of the range, in order, with zeros for days without events. */
    public List<Day> daily(String tenantId, Range range) {
        OffsetDateTime start = range.from().atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime end = range.to().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(QUERY)
                .setParameter(1, tenantId)
                .setParameter(2, start)
                .setParameter(3, end)
                .setParameter(4, SessionEventColumns.REPORT_GENERATED)
                .setParameter(5, SessionEventColumns.REPORT_FAILED)
                .getResultList();
        Map<LocalDate, Day> byDate = new HashMap<>();
        for (Object[] row : rows) {
            LocalDate date = toLocalDate(row[0]);
            byDate.put(date, new Day(date, ((Number) row[1]).longValue(), toInteger(row[2]), toInteger(row[3]),
                    ((Number) row[4]).longValue()));
        }
        List<Day> days = new ArrayList<>();
        for (LocalDate date = range.from(); !date.isAfter(range.to()); date = date.plusDays(1)) {
            days.add(byDate.getOrDefault(date, new Day(date, 0, null, null, 0)));
        }
        return days;
    }

    private static LocalDate date(String value, String field, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "is required (YYYY-MM-DD)"));
            return null;
        }
        if (!DATE.matcher(value).matches()) {
            violations.add(new Violation(field, "must be a date YYYY-MM-DD"));
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be a date YYYY-MM-DD"));
            return null;
        }
    }

    private static LocalDate toLocalDate(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        return ((java.sql.Date) value).toLocalDate();
    }

    private static Integer toInteger(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }
}
