package io.pivotreport.license.service;

import io.pivotreport.platform.logging.metrics.JobHeartbeats;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.auth.OutgoingRequestSigner;
import io.pivotreport.events.AccountClosure;
import io.pivotreport.events.Topics;
import io.pivotreport.license.config.LicenseConfig;
import io.pivotreport.license.model.HistoryKind;
import io.pivotreport.license.model.Tenant;
import io.pivotreport.platform.data.OutboxWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Reports the accountIds the platform holds to Atlassian's Personal Data Reporting API
 * ({@code POST <api-base-url>/app/report-accounts/}), per Connect tenant, at most 90 accounts a call, each account no
 * more often than its cycle ({@code Cycle-Period}, default 7 days), and acts on the answer: {@code closed} → an
 * {@link AccountClosure} through the outbox and the account's registry rows gone in every tenant, in one transaction;
 * {@code updated} → nothing to refresh (the platform keeps no profile data), recorded and counted.
 *
 * <p>One batch per transaction. {@code pg_try_advisory_xact_lock} makes the whole app report from one replica at a
 * time (one rate-limit budget); a 429 pauses every tenant until {@code Retry-After}; a 5xx or a timeout stops the run
 * and leaves the rows due; another 4xx is counted and the batch retried on the next run.
 */
@ApplicationScoped
public class PersonalDataReportingJob {

    private static final Logger LOG = Logger.getLogger(PersonalDataReportingJob.class);
    public static final String CALLS_METRIC = "pivot_personal_data_report_calls_total";
    public static final String REPORTED_METRIC = "pivot_personal_data_accounts_reported_total";
    public static final String CLOSED_METRIC = "pivot_personal_data_accounts_closed_total";
    public static final String UPDATED_METRIC = "pivot_personal_data_accounts_updated_total";
    public static final String SKIPPED_METRIC = "pivot_personal_data_accounts_skipped_total";
    public static final String DUE_METRIC = "pivot_personal_data_accounts_due";
    public static final int MAX_ACCOUNTS_PER_CALL = 90;
    static final String PATH = "/app/report-accounts/";
    /** Advisory-lock key of the reporting job ("PIVOTPDR"); any constant no other job uses. */
    static final long LOCK_KEY = 0x5049564f54504452L;
    private static final Pattern SECONDS = Pattern.compile("\\d{1,10}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How one batch ended. */
    public enum BatchOutcome {
        REPORTED, NOTHING_DUE, PAUSED, LOCKED, RATE_LIMITED, REJECTED, ERROR
    }

    /** What a run did: calls made and how the run ended. */
    public record RunResult(int calls, BatchOutcome ended) {
    }

    @Inject
    EntityManager em;

    @Inject
    LicenseConfig config;

    @Inject
    Clock clock;

    @Inject
    SecretCipher cipher;

    @Inject
    OutboxWriter outbox;

    @Inject
    AccountRegistry registry;

    @Inject
    AccountHistory history;

    @Inject
    JobHeartbeats jobs;

    @Inject
    MeterRegistry meters;

    private Counter reported;
    private Counter closed;
    private Counter updated;
    private final AtomicLong due = new AtomicLong();
    private volatile HttpClient http;

    @Inject
    void metrics(MeterRegistry registry) {
        reported = Counter.builder(REPORTED_METRIC).description("Accounts reported to Atlassian (accepted calls)")
                .register(registry);
        closed = Counter.builder(CLOSED_METRIC).description("Accounts Atlassian answered closed; their data erased")
                .register(registry);
        updated = Counter.builder(UPDATED_METRIC).description("Accounts Atlassian answered updated (nothing to refresh)")
                .register(registry);
        registry.gauge(DUE_METRIC, due);
        for (String outcome : List.of("ok", "closed_found", "rate_limited", "error")) {
            Counter.builder(CALLS_METRIC).tag("outcome", outcome).register(registry);
        }
    }

    @Scheduled(every = "${pivot.license.personal-data.check-every:PT1H}", delayed = "45s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!config.personalData().onSchedule()) {
            return;
        }
        try {
            reportDue();
        } catch (RuntimeException e) {
            LOG.warnf("Personal data reporting run failed (%s); due accounts stay due", e.getClass().getSimpleName());
        }
    }

    /** Reports every due account (until paused, rate limited or failing); returns what the run did. */
    public RunResult reportDue() {
        Optional<String> appKey = config.personalData().appKey();
        if (appKey.isEmpty()) {
            return new RunResult(0, BatchOutcome.NOTHING_DUE);
        }
        QuarkusTransaction.requiringNew().run(this::skipUnreportable);
        int calls = 0;
        BatchOutcome outcome;
        boolean failed = false;
        while (true) {
            outcome = QuarkusTransaction.requiringNew().call(() -> reportOneBatch(appKey.get()));
            if (outcome == BatchOutcome.REPORTED || outcome == BatchOutcome.REJECTED
                    || outcome == BatchOutcome.RATE_LIMITED || outcome == BatchOutcome.ERROR) {
                calls++;
            }
            failed |= outcome == BatchOutcome.ERROR || outcome == BatchOutcome.REJECTED;
            if (outcome != BatchOutcome.REPORTED && outcome != BatchOutcome.REJECTED) {
                break;
            }
        }
        due.set(QuarkusTransaction.requiringNew().call(this::countDue));
        // a stale heartbeat is the alert: reporting that keeps failing (or never runs) must page someone
        if (!failed) {
            jobs.succeeded(LicenseJobs.PERSONAL_DATA_REPORTING, clock.instant());
        }
        return new RunResult(calls, outcome);
    }

    /** Forge and uninstalled tenants are not reported (see docs): their due rows move a cycle on, counted. */
    void skipUnreportable() {
        Instant now = now();
        Instant next = now.plus(config.personalData().defaultCycle());
        int forge = em.createNativeQuery("UPDATE reported_account r SET next_report_at = ?1, last_status = 'skipped' "
                        + "FROM tenant t WHERE t.id = r.tenant_id AND r.next_report_at <= ?2 AND t.platform = 'forge'")
                .setParameter(1, AccountRegistry.utc(next)).setParameter(2, AccountRegistry.utc(now)).executeUpdate();
        int uninstalled = em.createNativeQuery("UPDATE reported_account r SET next_report_at = ?1, "
                        + "last_status = 'skipped' FROM tenant t WHERE t.id = r.tenant_id AND r.next_report_at <= ?2 "
                        + "AND t.platform = 'connect' AND t.state = 'uninstalled'")
                .setParameter(1, AccountRegistry.utc(next)).setParameter(2, AccountRegistry.utc(now)).executeUpdate();
        meters.counter(SKIPPED_METRIC, "reason", "forge").increment(forge);
        meters.counter(SKIPPED_METRIC, "reason", "uninstalled").increment(uninstalled);
    }

    long countDue() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM reported_account WHERE next_report_at <= ?1")
                .setParameter(1, AccountRegistry.utc(now())).getSingleResult()).longValue();
    }

    BatchOutcome reportOneBatch(String appKey) {
        if (!Boolean.TRUE.equals(em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, LOCK_KEY).getSingleResult())) {
            return BatchOutcome.LOCKED;
        }
        Instant now = now();
        Object pausedUntil = em.createNativeQuery("SELECT paused_until FROM personal_data_reporting WHERE id = 1",
                Instant.class).getSingleResult();
        if (pausedUntil instanceof Instant until && now.isBefore(until)) {
            return BatchOutcome.PAUSED;
        }
        @SuppressWarnings("unchecked")
        List<UUID> tenants = em.createNativeQuery("SELECT r.tenant_id FROM reported_account r JOIN tenant t "
                        + "ON t.id = r.tenant_id WHERE r.next_report_at <= ?1 AND t.platform = 'connect' "
                        + "AND t.state IN ('installed', 'enabled', 'disabled') ORDER BY r.next_report_at LIMIT 1",
                        UUID.class)
                .setParameter(1, AccountRegistry.utc(now)).getResultList();
        if (tenants.isEmpty()) {
            return BatchOutcome.NOTHING_DUE;
        }
        UUID tenantId = tenants.get(0);
        MDC.put("tenant", tenantId.toString());
        try {
            return reportTenantBatch(appKey, Tenant.findById(tenantId), now);
        } finally {
            MDC.remove("tenant");
        }
    }

    private BatchOutcome reportTenantBatch(String appKey, Tenant tenant, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT account_id, updated_at FROM reported_account "
                        + "WHERE tenant_id = ?1 AND next_report_at <= ?2 ORDER BY next_report_at, account_id "
                        + "LIMIT ?3 FOR UPDATE")
                .setParameter(1, tenant.id).setParameter(2, AccountRegistry.utc(now))
                .setParameter(3, MAX_ACCOUNTS_PER_CALL).getResultList();
        List<String> accountIds = new ArrayList<>(rows.size());
        List<Map<String, String>> accounts = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            String accountId = (String) row[0];
            accountIds.add(accountId);
            accounts.add(Map.of("accountId", accountId, "updatedAt", instantOf(row[1]).toString()));
        }
        String secret;
        try {
            secret = cipher.reveal(tenant);
        } catch (KeyRing.SecretUnavailableException e) {
            LOG.errorf("Cannot report personal data of tenant %s: its shared secret cannot be decrypted", tenant.id);
            return reject(accountIds, now, "secret_unreadable");
        }
        HttpResponse<String> response;
        try {
            URI base = URI.create(stripSlash(config.personalData().apiBaseUrl()));
            URI uri = URI.create(stripSlash(config.personalData().apiBaseUrl()) + PATH);
            // Atlassian's API is not under the tenant's base URL: the signer checks the host against the API base
            String authorization = new OutgoingRequestSigner(appKey, clock).authorizationHeader("POST", uri, base,
                    secret);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(config.personalData().requestTimeout())
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("accounts", accounts))))
                    .build();
            response = http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            countCall("error");
            LOG.warnf("Personal data report for tenant %s failed (%s); %d account(s) stay due", tenant.id,
                    e.getClass().getSimpleName(), accountIds.size());
            return BatchOutcome.ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BatchOutcome.ERROR;
        }
        int status = response.statusCode();
        if (status == 204) {
            markReported(tenant.id, accountIds, Set.of(), now, response);
            countCall("ok");
            return BatchOutcome.REPORTED;
        }
        if (status == 200) {
            return answered(tenant.id, accountIds, response, now);
        }
        if (status == 429) {
            Duration wait = retryAfter(response.headers().firstValue("Retry-After"), now,
                    config.personalData().defaultRetryAfter());
            em.createNativeQuery("UPDATE personal_data_reporting SET paused_until = ?1 WHERE id = 1")
                    .setParameter(1, AccountRegistry.utc(now.plus(wait))).executeUpdate();
            countCall("rate_limited");
            LOG.warnf("Personal data reporting rate limited; paused for %s", wait);
            return BatchOutcome.RATE_LIMITED;
        }
        countCall("error");
        if (status >= 500) {
            LOG.warnf("Personal data report for tenant %s answered %d; %d account(s) stay due", tenant.id, status,
                    accountIds.size());
            return BatchOutcome.ERROR;
        }
        // never the body: it may echo what was sent
        LOG.warnf("Personal data report for tenant %s refused with %d; retried next run", tenant.id, status);
        return reject(accountIds, now, "rejected_" + status);
    }

    private BatchOutcome answered(UUID tenantId, List<String> sent, HttpResponse<String> response, Instant now) {
        Set<String> closedIds = new LinkedHashSet<>();
        Set<String> updatedIds = new LinkedHashSet<>();
        try {
            JsonNode answer = JSON.readTree(response.body());
            for (JsonNode account : answer.path("accounts")) {
                String accountId = account.path("accountId").asText();
                if (!sent.contains(accountId)) {
                    continue; // only act on what this call reported
                }
                switch (account.path("status").asText()) {
                    case "closed" -> closedIds.add(accountId);
                    case "updated" -> updatedIds.add(accountId);
                    default -> { }
                }
            }
        } catch (IOException e) {
            countCall("error");
            LOG.warnf("Personal data report for tenant %s: unreadable 200 answer; accounts stay due", tenantId);
            return BatchOutcome.ERROR;
        }
        updatedIds.removeAll(closedIds);
        markReported(tenantId, sent, updatedIds, now, response);
        for (String accountId : closedIds) {
            UUID eventId = UUID.randomUUID();
            outbox.enqueue(Topics.ACCOUNT_CLOSURES, accountId, eventId, new AccountClosure(eventId, accountId, now));
        }
        Map<UUID, Integer> erasedPerTenant = registry.eraseAccounts(closedIds);
        erasedPerTenant.forEach((tenant, count) -> history.record(tenant, HistoryKind.ACCOUNTS_CLOSED,
                Map.of("accounts", count)));
        closed.increment(closedIds.size());
        updated.increment(updatedIds.size());
        countCall(closedIds.isEmpty() ? "ok" : "closed_found");
        if (!closedIds.isEmpty()) {
            LOG.infof("Atlassian reported %d closed account(s); AccountClosure queued, references erased in %d "
                    + "tenant(s)", closedIds.size(), erasedPerTenant.size());
        }
        history.record(tenantId, HistoryKind.PERSONAL_DATA_REPORT, Map.of("accounts", sent.size(),
                "closed", closedIds.size(), "updated", updatedIds.size()));
        return BatchOutcome.REPORTED;
    }

    private void markReported(UUID tenantId, List<String> sent, Set<String> updatedIds, Instant now,
                              HttpResponse<String> response) {
        Instant next = now.plus(cyclePeriod(response.headers().firstValue("Cycle-Period"),
                config.personalData().defaultCycle()));
        em.createNativeQuery("UPDATE reported_account SET last_reported_at = ?1, next_report_at = ?2, "
                        + "last_status = CASE WHEN account_id IN (?5) THEN 'updated' ELSE 'reported' END "
                        + "WHERE tenant_id = ?3 AND account_id IN (?4)")
                .setParameter(1, AccountRegistry.utc(now)).setParameter(2, AccountRegistry.utc(next))
                .setParameter(3, tenantId).setParameter(4, sent)
                // IN () is not SQL: a sentinel that is never an accountId stands for "none"
                .setParameter(5, updatedIds.isEmpty() ? List.of(" ") : List.copyOf(updatedIds))
                .executeUpdate();
        reported.increment(sent.size());
        jobs.rowsAffected(LicenseJobs.PERSONAL_DATA_REPORTING, sent.size());
        if (response.statusCode() == 204) {
            history.record(tenantId, HistoryKind.PERSONAL_DATA_REPORT, Map.of("accounts", sent.size(),
                    "closed", 0, "updated", 0));
        }
    }

    /** The batch waits for the next run (not for a whole cycle): a refused call reported nothing. */
    private BatchOutcome reject(List<String> accountIds, Instant now, String status) {
        Instant next = now.plus(config.personalData().checkEvery());
        em.createNativeQuery("UPDATE reported_account SET next_report_at = ?1, last_status = ?2 "
                        + "WHERE account_id IN (?3) AND next_report_at <= ?4")
                .setParameter(1, AccountRegistry.utc(next)).setParameter(2, status).setParameter(3, accountIds)
                .setParameter(4, AccountRegistry.utc(now)).executeUpdate();
        if (!status.startsWith("rejected_")) {
            countCall("error");
        }
        return BatchOutcome.REJECTED;
    }

    /**
     * Atlassian's guide names the header but not its unit; its Retry-After is in seconds and so is this: a plain
     * number is seconds. An ISO-8601 duration ({@code P7D}) is accepted too. Anything else, zero or negative → the
     * default cycle.
     */
    static Duration cyclePeriod(Optional<String> header, Duration fallback) {
        if (header.isEmpty()) {
            return fallback;
        }
        String value = header.get().trim();
        try {
            Duration period = SECONDS.matcher(value).matches() ? Duration.ofSeconds(Long.parseLong(value))
                    : value.startsWith("P") || value.startsWith("p") ? Duration.parse(value) : null;
            return period == null || period.isZero() || period.isNegative() ? fallback : period;
        } catch (DateTimeParseException | NumberFormatException e) {
            return fallback;
        }
    }

    /** {@code Retry-After}: delay-seconds or an HTTP-date (RFC 9110); missing or unreadable → the default. */
    static Duration retryAfter(Optional<String> header, Instant now, Duration fallback) {
        if (header.isEmpty()) {
            return fallback;
        }
        String value = header.get().trim();
        if (SECONDS.matcher(value).matches()) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private void countCall(String outcome) {
        meters.counter(CALLS_METRIC, "outcome", outcome).increment();
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(config.personalData().requestTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            http = client;
        }
        return client;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant instantOf(Object value) {
        if (value instanceof Instant instant) {
            return instant.truncatedTo(ChronoUnit.MILLIS);
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        return ((java.sql.Timestamp) value).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
