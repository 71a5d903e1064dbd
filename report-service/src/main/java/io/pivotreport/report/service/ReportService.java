package io.pivotreport.report.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.pivotreport.events.Violation;
import io.pivotreport.platform.problem.Problem;
import io.pivotreport.platform.problem.ProblemException;
import io.pivotreport.platform.security.CallerContext;
import io.pivotreport.platform.security.InternalTokenDenials;
import io.pivotreport.report.config.ReportConfig;
import io.pivotreport.report.model.ReportConfiguration;
import io.pivotreport.report.model.ReportSource;
import io.pivotreport.report.model.SavedReport;
import io.pivotreport.report.model.SourceType;
import io.pivotreport.report.model.Visibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saved reports of the calling user's tenant. The tenant and the account come from the verified internal token
 * ({@link CallerContext}) and every query names the tenant, so no request can reach another tenant's rows; an id
 * that exists elsewhere answers exactly like an unknown one, and is counted as a cross-tenant probe.
 */
@ApplicationScoped
public class ReportService {

    private static final Logger LOG = Logger.getLogger(ReportService.class);
    private static final Pattern STRONG_ETAG = Pattern.compile("^(?:\"([0-9]{1,18})\"|([0-9]{1,18}))$");
    private static final String WHAT = "Saved report";

    @Inject
    CallerContext caller;

    @Inject
    InternalTokenDenials denials;

    @Inject
    ReportValidator validator;

    @Inject
    TenantLock tenantLock;

    @Inject
    ReportConfig config;

    @Inject
    ReportMetrics metrics;

    @Inject
    AccountReferences references;

    @Inject
    Event<ReportSaved> saved;

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    /**
     * The listing in one statement: the visible rows of the page and, by a window function over the same predicate, how
     * many rows match in all (so the total and the page come from the same snapshot). Plain JDBC on purpose: this is
     * the hottest read of the service, and Hibernate's per-call query translation plus a second, derived count query
     * were most of its CPU (profile in docs/benchmarks.md). No configuration column: a listing never shows it.
     */
    static final String LIST_SQL = "SELECT id, name, source_type, source_ref, visibility, owner_account_id, created_at,"
            + " updated_at, version, count(*) OVER () AS total_items FROM saved_report"
            + " WHERE tenant_id = ? AND (owner_account_id = ? OR visibility = '" + Visibility.SHARED.wire() + "')"
            + " ORDER BY updated_at DESC, id DESC OFFSET ? LIMIT ?";

    /** Only for a page past the end (no row to carry the window count). */
    static final String COUNT_SQL = "SELECT count(*) FROM saved_report"
            + " WHERE tenant_id = ? AND (owner_account_id = ? OR visibility = '" + Visibility.SHARED.wire() + "')";

    /** The caller's own reports and the tenant's shared ones, most recently changed first. */
    public ReportPageView list(int page, int size) {
        String tenant = caller.tenantId();
        String account = caller.accountId();
        try (Connection connection = dataSource.getConnection()) {
            List<ReportView> items = new ArrayList<>(size);
            long total = 0;
            try (PreparedStatement statement = connection.prepareStatement(LIST_SQL)) {
                statement.setString(1, tenant);
                statement.setString(2, account);
                statement.setLong(3, (long) page * size);
                statement.setInt(4, size);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        items.add(listed(rows, account));
                        total = rows.getLong("total_items");
                    }
                }
            }
            if (items.isEmpty() && page > 0) {
                total = count(connection, tenant, account);
            }
            return new ReportPageView(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException("The report listing failed", e);
        }
    }

    private static long count(Connection connection, String tenant, String account) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COUNT_SQL)) {
            statement.setString(1, tenant);
            statement.setString(2, account);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** A listed row as {@link #view} would show the entity without its configuration. */
    private static ReportView listed(ResultSet row, String account) throws SQLException {
        String owner = row.getString("owner_account_id");
        SourceType type = SourceType.fromWire(row.getString("source_type"))
                .orElseThrow(() -> new IllegalStateException("Unknown source type in the database"));
        Visibility visibility = Visibility.fromWire(row.getString("visibility"))
                .orElseThrow(() -> new IllegalStateException("Unknown visibility in the database"));
        return new ReportView(row.getObject("id", UUID.class), row.getString("name"),
                ReportSource.fromStored(type, row.getString("source_ref")), null, visibility, owner,
                owner != null && owner.equals(account), row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("updated_at", OffsetDateTime.class).toInstant(), row.getLong("version"));
    }

    public ReportView get(UUID id) {
        String account = caller.accountId();
        return view(visible(id, account), account, true);
    }

    @Transactional
    public ReportView create(ReportDraft draft) {
        String tenant = caller.tenantId();
        String account = caller.accountId();
        requireValid(draft);
        tenantLock.lock(tenant);
        long held = SavedReport.count("tenantId", tenant);
        if (held >= config.maxReportsPerTenant()) {
            metrics.quotaRejected();
            throw new ProblemException(Problem.of(422, "quota-exceeded", "Quota exceeded",
                    "This site already holds the maximum of " + config.maxReportsPerTenant()
                            + " saved reports; delete one before saving another"));
        }
        Instant now = now();
        SavedReport report = new SavedReport();
        report.id = UUID.randomUUID();
        report.tenantId = tenant;
        report.ownerAccountId = account;
        report.createdAt = now;
        apply(report, draft, now);
        report.persist();
        em.flush();
        references.held(tenant, account, now);
        saved.fire(new ReportSaved(ReportSaved.Operation.CREATE));
        return view(report, account, true);
    }

    /**
     * Replaces a report the caller owns, provided it is still at the version the caller read ({@code version} in the
     * body or the {@code If-Match} ETag).
     */
    @Transactional
    public ReportView update(UUID id, ReportDraft draft, Long bodyVersion, String ifMatch) {
        String account = caller.accountId();
        SavedReport report = visible(id, account);
        requireOwner(report, account);
        requireValid(draft);
        long expected = expectedVersion(bodyVersion, ifMatch);
        requireVersion(report, expected);
        Instant now = now();
        apply(report, draft, now);
        // Flush here so a concurrent writer surfaces as an OptimisticLockException (409) and the new version is known.
        em.flush();
        references.held(report.tenantId, account, now);
        saved.fire(new ReportSaved(ReportSaved.Operation.UPDATE));
        return view(report, account, true);
    }

    /**
     * Deletes a report the caller owns, or an ownerless shared one (any user of the tenant may): the row is gone.
     * {@code If-Match} is optional here. The owner's last report in the tenant releases the account reference.
     */
    @Transactional
    public void delete(UUID id, String ifMatch) {
        String account = caller.accountId();
        // Serialises with creations of the tenant so "was it the owner's last report" cannot race a new one.
        tenantLock.lock(caller.tenantId());
        SavedReport report = visible(id, account);
        if (!report.isOwnerless()) {
            requireOwner(report, account);
        }
        Long expected = parseIfMatch(ifMatch);
        if (expected != null) {
            requireVersion(report, expected);
        }
        String owner = report.ownerAccountId;
        report.delete();
        em.flush();
        if (owner != null) {
            references.maybeReleased(report.tenantId, owner, now());
        }
        saved.fire(new ReportSaved(ReportSaved.Operation.DELETE));
    }

    /** The report if it is in the caller's tenant and the caller may read it; otherwise 404, the same answer for all. */
    private SavedReport visible(UUID id, String account) {
        String tenant = caller.tenantId();
        SavedReport report = SavedReport.find("id = ?1 and tenantId = ?2", id, tenant).firstResult();
        if (report == null) {
            if (SavedReport.count("id = ?1 and tenantId <> ?2", id, tenant) > 0) {
                denials.record(InternalTokenDenials.Reason.CROSS_TENANT);
                LOG.warnf("Refused a saved-report id of another tenant to a caller of tenant %s", tenant);
            }
            throw ProblemException.notFound(WHAT);
        }
        if (!report.isVisibleTo(account)) {
            throw ProblemException.notFound(WHAT);
        }
        return report;
    }

    private static void requireOwner(SavedReport report, String account) {
        if (report.isOwnerless()) {
            throw ProblemException.forbidden(
                    "The owner of this shared report closed their account: it can be read or deleted, not changed");
        }
        if (!report.isOwnedBy(account)) {
            throw ProblemException.forbidden("Only the owner of a shared report may change or delete it");
        }
    }

    private static void requireVersion(SavedReport report, long expected) {
        if (report.version != expected) {
            throw new ProblemException(Problem.of(409, "version-conflict", "Conflict",
                    "The report was changed since you read it; reload it and try again"),
                    Map.of("ETag", etag(report.version)));
        }
    }

    private void requireValid(ReportDraft draft) {
        List<Violation> violations = validator.validate(draft);
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
    }

    private void apply(SavedReport report, ReportDraft draft, Instant now) {
        report.name = ReportValidator.normalizeName(draft.name());
        report.sourceType = draft.source().type();
        report.sourceRef = draft.source().reference();
        report.configuration = validator.serialize(draft.configuration());
        report.visibility = draft.visibilityOrDefault();
        report.updatedAt = now;
    }

    /** The version the caller claims to have read: from {@code If-Match} or the body; both must agree if both come. */
    static long expectedVersion(Long bodyVersion, String ifMatch) {
        Long fromHeader = parseIfMatch(ifMatch);
        if (bodyVersion != null && bodyVersion < 0) {
            throw ProblemException.validation(List.of(new Violation("/version", "must not be negative")));
        }
        if (fromHeader != null && bodyVersion != null && !fromHeader.equals(bodyVersion)) {
            throw ProblemException.validation(List.of(new Violation("/version", "does not match the If-Match header")));
        }
        if (fromHeader != null) {
            return fromHeader;
        }
        if (bodyVersion != null) {
            return bodyVersion;
        }
        throw new ProblemException(Problem.of(428, "precondition-required", "Precondition required",
                "Send the version you read, as \"version\" in the body or as If-Match"));
    }

    /** The version in an {@code If-Match} header; null when absent or {@code *} (which names no version). */
    static Long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        Matcher matcher = STRONG_ETAG.matcher(ifMatch.strip());
        if (!matcher.matches()) {
            throw ProblemException.validation(List.of(new Violation("If-Match",
                    "must be the strong ETag of the report, e.g. \"3\"")));
        }
        return Long.parseLong(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    private ReportView view(SavedReport report, String account, boolean withConfiguration) {
        return new ReportView(report.id, report.name, ReportSource.fromStored(report.sourceType, report.sourceRef),
                withConfiguration ? readConfiguration(report) : null, report.visibility, report.ownerAccountId,
                report.isOwnedBy(account), report.createdAt, report.updatedAt, report.version);
    }

    private ReportConfiguration readConfiguration(SavedReport report) {
        try {
            return mapper.readValue(report.configuration, ReportConfiguration.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored configuration cannot be read", e);
        }
    }

    /** PostgreSQL keeps microseconds: truncating first makes a fresh answer equal to a later read. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
