package io.pivotreport.analytics.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.analytics.model.ServerMetricsOptOut;
import io.pivotreport.analytics.model.ServerMetricsReport;
import io.pivotreport.analytics.rest.ServerMetricsRequest;
import io.pivotreport.events.Violation;
import io.pivotreport.platform.problem.Problem;
import io.pivotreport.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stores server-app metrics under the organisation's keyed hash and honours opt-out (P14): an opt-out is recorded and
 * everything stored for the installation is deleted in the same transaction; later reports from it are refused.
 * Both paths lock the organisation (advisory lock on its hash) so a report racing an opt-out cannot survive it.
 */
@Startup // registers its meters at start, so every series is scraped from the first minute
@ApplicationScoped
public class ServerMetricsIntake {

    /** The oldest period accepted: a year back covers a server that was offline for a long time. */
    static final int MAX_PERIOD_AGE_DAYS = 366;

    @Inject
    EntityManager em;

    @Inject
    OrganisationHasher hasher;

    @Inject
    Clock clock;

    private Counter stored;
    private Counter refused;
    private Counter optOuts;

    @Inject
    void metrics(MeterRegistry registry) {
        stored = Counter.builder("pivot_server_metrics_stored_total")
                .description("Server-app metric reports stored").register(registry);
        refused = Counter.builder("pivot_server_metrics_refused_total")
                .description("Server-app metric reports refused because the installation opted out").register(registry);
        optOuts = Counter.builder("pivot_server_metrics_opt_outs_total")
                .description("Opt-out messages processed (stored data deleted)").register(registry);
    }

    public void submit(ServerMetricsRequest request) {
        String orgHash = hasher.hash(request.organisationId());
        if (Boolean.TRUE.equals(request.optedOut())) {
            QuarkusTransaction.requiringNew().run(() -> recordOptOut(orgHash));
            optOuts.increment();
            throw optedOut("The opt-out is recorded: nothing was stored and earlier data of this installation was"
                    + " deleted");
        }
        requireReport(request);
        boolean accepted = QuarkusTransaction.requiringNew().call(() -> storeUnlessOptedOut(orgHash, request));
        if (!accepted) {
            refused.increment();
            throw optedOut("This installation opted out of metrics collection; nothing was stored");
        }
        stored.increment();
    }

    private void recordOptOut(String orgHash) {
        lock(orgHash);
        if (ServerMetricsOptOut.findById(orgHash) == null) {
            ServerMetricsOptOut optOut = new ServerMetricsOptOut();
            optOut.orgHash = orgHash;
            optOut.optedOutAt = now();
            optOut.persist();
        }
        ServerMetricsReport.delete("orgHash", orgHash);
    }

    private boolean storeUnlessOptedOut(String orgHash, ServerMetricsRequest request) {
        lock(orgHash);
        if (ServerMetricsOptOut.findById(orgHash) != null) {
            return false;
        }
        // a re-sent period replaces the earlier figures rather than adding a second row
        em.createNativeQuery("""
                        INSERT INTO server_metrics_report (org_hash, period, app_version, product_version,
                            reports_generated, saved_reports, active_users_bucket, received_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                        ON CONFLICT (org_hash, period) DO UPDATE SET app_version = EXCLUDED.app_version,
                            product_version = EXCLUDED.product_version, reports_generated = EXCLUDED.reports_generated,
                            saved_reports = EXCLUDED.saved_reports, active_users_bucket = EXCLUDED.active_users_bucket,
                            received_at = EXCLUDED.received_at
                        """)
                .setParameter(1, orgHash)
                .setParameter(2, request.period())
                .setParameter(3, request.appVersion())
                .setParameter(4, request.productVersion())
                .setParameter(5, request.counts().reportsGenerated().longValue())
                .setParameter(6, request.counts().savedReports().longValue())
                .setParameter(7, request.counts().activeUsersBucket().label())
                .setParameter(8, now())
                .executeUpdate();
        return true;
    }

    /** Fields that may be omitted on an opt-out but not on a report. */
    private void requireReport(ServerMetricsRequest request) {
        List<Violation> violations = new ArrayList<>();
        if (request.appVersion() == null) {
            violations.add(new Violation("/appVersion", "is required"));
        }
        if (request.productVersion() == null) {
            violations.add(new Violation("/productVersion", "is required"));
        }
        if (request.counts() == null) {
            violations.add(new Violation("/counts", "is required"));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (request.period() == null) {
            violations.add(new Violation("/period", "is required"));
        } else if (request.period().isAfter(today.plusDays(1))) {
            violations.add(new Violation("/period", "must not be in the future"));
        } else if (request.period().isBefore(today.minusDays(MAX_PERIOD_AGE_DAYS))) {
            violations.add(new Violation("/period", "must be within the last " + MAX_PERIOD_AGE_DAYS + " days"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
    }

    private void lock(String orgHash) {
        long lockKey = ByteBuffer.wrap(HexFormat.of().parseHex(orgHash.substring(0, 16))).getLong();
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, lockKey).getSingleResult();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static ProblemException optedOut(String detail) {
        return new ProblemException(Problem.of(409, "opted-out", "Opted out", detail));
    }
}
