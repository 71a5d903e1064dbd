package io.pivotreport.systemtest;

import io.pivotreport.launcher.ServiceSpec;
import io.pivotreport.systemtest.harness.Http;
import io.pivotreport.systemtest.harness.JiraSite;
import io.pivotreport.systemtest.harness.Payloads;
import io.pivotreport.systemtest.harness.SystemUnderTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stopped (fast shutdown: every connection cut, open transactions rolled back) and started again while
 * reports are written and events stream in: the services recover on their own (same processes), every write that was
 * acknowledged is there afterwards, and the events sent while the database was away are stored once it is back.
 */
@ExtendWith(SystemUnderTest.Extension.class)
@Order(7)
class PostgresRestartTest {

    record Write(String name, int status, String id, long millis) {
    }

    private final SystemUnderTest system = SystemUnderTest.get();
    private final Http gateway = system.gateway();

    @Test
    void servicesRecoverFromAPostgresRestartWithoutLosingAcknowledgedWrites() throws Exception {
        JiraSite site = JiraSite.random().onboard(system);
        String tenantId = site.tenantId(system);
        Map<ServiceSpec, Long> pids = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            pids.put(spec, system.pid(spec));
        }

        List<Write> writes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sequence = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ScheduledExecutorService writers = Executors.newScheduledThreadPool(2);
        for (int t = 0; t < 2; t++) {
            writers.scheduleWithFixedDelay(() -> {
                if (stop.get()) {
                    return;
                }
                String name = "Written under restart " + sequence.incrementAndGet();
                Http.Answer answer = gateway.post("/api/reports").jwt(site.contextToken())
                        .timeout(Duration.ofSeconds(30)).json(Payloads.report(name, "private")).send();
                writes.add(new Write(name, answer.status(), answer.status() == 201
                        ? answer.json().get("id").asText() : null, answer.millis()));
            }, t * 60L, 120, TimeUnit.MILLISECONDS);
        }
        List<UUID> eventsDuringOutage = new ArrayList<>();
        try {
            await("writes before the restart").atMost(Duration.ofSeconds(60))
                    .until(() -> writes.stream().filter(w -> w.status() == 201).count() >= 5);
            system.postgres().close();
            // events are accepted by the gateway (Kafka is up) while analytics-service cannot store them
            for (int i = 0; i < 3; i++) {
                UUID id = UUID.randomUUID();
                Http.Answer accepted = gateway.post("/api/events").jwt(site.contextToken())
                        .json(Payloads.batch(List.of(Payloads.event(id, 300)))).send();
                assertEquals(202, accepted.status(), "events need no database at the gateway: " + accepted);
                eventsDuringOutage.add(id);
            }
            int beforeRestart = writes.size();
            await("writes attempted while PostgreSQL is down").atMost(Duration.ofSeconds(60))
                    .until(() -> writes.size() >= beforeRestart + 4);
            system.postgres().start();
            await("reports written again after the restart").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> writes.subList(beforeRestart, writes.size()).stream()
                            .filter(w -> w.status() == 201).count() >= 5);
        } finally {
            stop.set(true);
            writers.shutdown();
            writers.awaitTermination(60, TimeUnit.SECONDS);
            if (!system.postgres().isRunning()) {
                system.postgres().start();
            }
        }

        Map<Integer, Long> statuses = new TreeMap<>();
        writes.forEach(w -> statuses.merge(w.status(), 1L, Long::sum));
        System.out.println("PostgreSQL restart: report writes by answer " + statuses + ", slowest "
                + writes.stream().mapToLong(Write::millis).max().orElse(0) + " ms");

        // every acknowledged write is there, readable through the API
        List<String> acknowledged = writes.stream().filter(w -> w.status() == 201).map(Write::id).toList();
        List<String> stored = system.query("report", "SELECT id::text FROM saved_report WHERE tenant_id = ?", tenantId);
        assertTrue(stored.containsAll(acknowledged), "acknowledged reports lost: "
                + acknowledged.stream().filter(id -> !stored.contains(id)).toList());
        for (Write w : writes) {
            // 502/503: the gateway's answers for a private service that failed or was unavailable
            assertTrue(w.status() == 201 || w.status() == 502 || w.status() == 503,
                    "a write during the restart answered " + w.status());
        }

        // license-service and the gateway's tenant look-up recover too
        await("license-service answers again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> gateway.get("/api/license").jwt(site.contextToken()).send().status() == 200);
        JiraSite newcomer = JiraSite.random();
        await("a new site installs after the restart").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).until(() -> newcomer.install(system).status() == 204);

        assertEquals(pids.values().stream().toList(), ServiceSpec.START_ORDER.stream().map(system::pid).toList(),
                "no service was restarted");

        // analytics-service stores the events that arrived while its database was away, without a restart
        String ids = "{" + String.join(",", eventsDuringOutage.stream().map(UUID::toString).toList()) + "}";
        try {
            await("events sent during the outage are stored").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> system.count("analytics", "SELECT count(*) FROM session_event "
                            + "WHERE event_id = ANY(?::uuid[])", ids) == eventsDuringOutage.size());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("analytics-service did not recover from the PostgreSQL restart without a restart "
                    + "of its own: " + system.count("analytics", "SELECT count(*) FROM session_event "
                    + "WHERE event_id = ANY(?::uuid[])", ids) + " of the " + eventsDuringOutage.size()
                    + " events accepted (202) while the database was down were stored 60 s after it was back; "
                    + "health: " + system.health(ServiceSpec.ANALYTICS), e);
        }

        // and every service is healthy again by itself: no consumer channel left fail-stopped by the outage
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            try {
                await(spec.name() + " healthy again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> system.health(spec) == null);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(spec.name() + " did not recover from the PostgreSQL restart without a "
                        + "restart of its own, 60 s after the database was back: " + system.health(spec), e);
            }
        }
        assertEquals(pids.values().stream().toList(), ServiceSpec.START_ORDER.stream().map(system::pid).toList(),
                "no service was restarted");
    }
}
