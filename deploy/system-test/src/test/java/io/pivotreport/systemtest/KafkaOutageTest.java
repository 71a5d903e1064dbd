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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka broker SIGKILLed while session events stream in, then started again on the same data: while it is down
 * the gateway answers 503 (never 202), and once it is back every event a client had sent (resent after a 503, as the
 * {@code Retry-After} asks) is stored exactly once, with no service restarted.
 */
@ExtendWith(SystemUnderTest.Extension.class)
@Order(8)
class KafkaOutageTest {

    /** One POST of a batch: the event ids, the answer, and when it started and ended (System.nanoTime). */
    record Sent(List<UUID> ids, int status, String retryAfter, boolean problem, long start, long end) {
    }

    private final SystemUnderTest system = SystemUnderTest.get();
    private final Http gateway = system.gateway();

    @Test
    void eventsAre503WhileTheBrokerIsDownAndEveryEventIsStoredOnceAfterIt() throws Exception {
        JiraSite site = JiraSite.random().onboard(system);
        String tenantId = site.tenantId(system);
        Map<ServiceSpec, Long> pids = pids();

        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        // three senders, each a batch every 150 ms after the last answer: below the per-tenant rate limit
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(3);
        for (int t = 0; t < 3; t++) {
            senders.scheduleWithFixedDelay(() -> {
                if (!stop.get()) {
                    sent.add(post(site, List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID())));
                }
            }, t * 50L, 150, TimeUnit.MILLISECONDS);
        }
        try {
            await("events accepted before the fault").atMost(Duration.ofSeconds(60))
                    .until(() -> List.copyOf(sent).stream().filter(s -> s.status() == 202).count() >= 5);
            system.kafka().kill();
            long killed = System.nanoTime();
            // down long enough for several requests to begin and end inside the outage (each waits up to 5 s), and
            // longer than the Kafka clients' API timeout (compressed to 10 s here, see SystemUnderTest)
            await("requests answered during the outage").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> List.copyOf(sent).stream().filter(s -> s.start() > killed).count() >= 6
                            && System.nanoTime() - killed > SystemUnderTest.KAFKA_API_TIMEOUT.plusSeconds(5).toNanos());
            long restarting = System.nanoTime();
            system.kafka().start(Duration.ofSeconds(120));
            await("events accepted again after the restart").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> List.copyOf(sent).stream().filter(s -> s.start() > restarting && s.status() == 202).count() >= 5);
            stop.set(true);
            senders.shutdown();
            assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));

            List<Sent> duringOutage = List.copyOf(sent).stream().filter(s -> s.start() > killed && s.end() < restarting).toList();
            assertTrue(duringOutage.size() >= 3, "requests entirely inside the outage: " + duringOutage.size());
            for (Sent s : duringOutage) {
                assertEquals(503, s.status(), "an event batch answered while the broker was down");
                assertTrue(s.problem() && s.retryAfter() != null, "503 as problem+json with Retry-After");
            }
            for (Sent s : sent) {
                assertTrue(s.status() == 202 || s.status() == 503, "only 202 or 503, got " + s.status());
            }
        } finally {
            stop.set(true);
            senders.shutdownNow();
            if (!system.kafka().isAlive()) {
                system.kafka().start(Duration.ofSeconds(120));
            }
        }

        // the client resends every refused batch with the same ids, until it is accepted
        Set<UUID> all = new HashSet<>();
        for (Sent s : List.copyOf(sent)) {
            all.addAll(s.ids());
            if (s.status() != 202) {
                await("a refused batch accepted on resend").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> post(site, s.ids()).status() == 202);
            }
        }
        await("every event stored").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> system.count("analytics", "SELECT count(*) FROM session_event WHERE tenant_id = ?",
                        tenantId) >= all.size());
        assertEquals(all.size(), system.count("analytics", "SELECT count(DISTINCT event_id) FROM session_event "
                + "WHERE tenant_id = ?", tenantId));
        assertEquals(all.size(), system.count("analytics", "SELECT count(*) FROM session_event WHERE tenant_id = ?",
                tenantId), "every accepted event exactly once");
        List<String> storedIds = system.query("analytics", "SELECT event_id::text FROM session_event "
                + "WHERE tenant_id = ?", tenantId);
        assertEquals(all, new HashSet<>(storedIds.stream().map(UUID::fromString).toList()));
        System.out.printf("Kafka outage: %d batches (%d events), %d answered 503, all stored once%n", sent.size(),
                all.size(), List.copyOf(sent).stream().filter(s -> s.status() == 503).count());

        // nothing had to be restarted, and the lifecycle path over Kafka works again too: an uninstall made after the
        // outage is erased in every service
        assertEquals(pids, pids(), "a service was restarted");
        // every service healthy by itself: no consumer channel left stopped by the outage
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            try {
                await(spec.name() + " healthy again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> system.health(spec) == null);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(spec.name() + " did not recover from the broker outage without a restart "
                        + "of its own, 60 s after the broker was back: " + system.health(spec), e);
            }
        }
        JiraSite later = JiraSite.random().onboard(system);
        String laterTenant = later.tenantId(system);
        assertEquals(201, gateway.post("/api/reports").jwt(later.contextToken())
                .json(Payloads.report("After the outage", "private")).send().status());
        assertEquals(202, gateway.post("/api/events").jwt(later.contextToken())
                .json(Payloads.batch(List.of(Payloads.event(UUID.randomUUID(), 100)))).send().status());
        await("the event of the later site").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> system.count("analytics", "SELECT count(*) FROM session_event WHERE tenant_id = ?",
                        laterTenant) == 1);
        assertEquals(204, later.uninstall(system).status());
        try {
            await("erasure after the outage").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> system.count("report", "SELECT count(*) FROM saved_report WHERE tenant_id = ?",
                            laterTenant) == 0
                            && system.count("analytics", "SELECT count(*) FROM session_event WHERE tenant_id = ?",
                            laterTenant) == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder state = new StringBuilder();
            for (ServiceSpec spec : List.of(ServiceSpec.REPORT, ServiceSpec.ANALYTICS)) {
                Http.Answer health = system.service(spec).get("/q/health").send();
                state.append("\n  ").append(spec.name()).append(" /q/health: ").append(health.status()).append(' ')
                        .append(health.body().replaceAll("\\s+", " "));
            }
            throw new AssertionError("a tenant uninstalled after the broker restart was not erased within 60 s: "
                    + "license-service published ERASURE_DUE=" + system.query("license",
                    "SELECT state FROM tenant WHERE id = ?::uuid", laterTenant) + ", saved_report rows left: "
                    + system.count("report", "SELECT count(*) FROM saved_report WHERE tenant_id = ?", laterTenant)
                    + ", session_event rows left: " + system.count("analytics",
                    "SELECT count(*) FROM session_event WHERE tenant_id = ?", laterTenant)
                    + ". A consumer of pivot.tenant-lifecycle.v1 did not survive the outage without a restart:"
                    + state, e);
        }
    }

    private Sent post(JiraSite site, List<UUID> ids) {
        long start = System.nanoTime();
        Http.Answer answer = gateway.post("/api/events").jwt(site.contextToken()).timeout(Duration.ofSeconds(30))
                .json(Payloads.batch(ids.stream().map(id -> Payloads.event(id, 250)).toList())).send();
        return new Sent(ids, answer.status(), answer.header("Retry-After").orElse(null), answer.isProblem(), start,
                System.nanoTime());
    }

    private Map<ServiceSpec, Long> pids() {
        Map<ServiceSpec, Long> pids = new java.util.LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            pids.put(spec, system.pid(spec));
        }
        return pids;
    }
}
