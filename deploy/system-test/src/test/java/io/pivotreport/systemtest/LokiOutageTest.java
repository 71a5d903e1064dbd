package io.pivotreport.systemtest;

import io.pivotreport.systemtest.harness.Http;
import io.pivotreport.systemtest.harness.JiraSite;
import io.pivotreport.systemtest.harness.Payloads;
import io.pivotreport.systemtest.harness.SystemUnderTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log receiver stops answering (pushes hang, then fail): log shipping is asynchronous, so no request waits for
 * it. Every request stays within its budget while Loki is away, and shipping resumes when it is back.
 */
@ExtendWith(SystemUnderTest.Extension.class)
@Order(5)
class LokiOutageTest {

    /**
     * What one app API call may take here. Not the benchmark's p99 (the machine running this test is shared and
     * loaded): well below the Loki client's 5 s push timeout (platform-logging's default, kept here) and the gateway's
     * 5 s upstream timeout, so a request that waited for a log push would exceed it.
     */
    static final long BUDGET_MILLIS = 2000;

    private final SystemUnderTest system = SystemUnderTest.get();
    private final Http gateway = system.gateway();

    @Test
    void aHangingThenFailingLokiSlowsNoRequestBeyondItsBudget() {
        JiraSite site = JiraSite.random().onboard(system);
        JiraSite other = JiraSite.random().onboard(system);
        // probing another tenant's report makes report-service log a warning: requests that produce log lines
        foreignReport = gateway.post("/api/reports").jwt(other.contextToken())
                .json(Payloads.report("Someone else's", "private")).send().json().get("id").asText();
        List<Long> baseline = load(site, Duration.ofSeconds(3));
        List<Long> hanging;
        List<Long> failing;
        try {
            system.loki().hang();
            hanging = load(site, Duration.ofSeconds(8));
            system.loki().recover();
            system.loki().failWith(503);
            failing = load(site, Duration.ofSeconds(4));
        } finally {
            system.loki().recover();
        }
        System.out.printf("Loki outage: median/max ms  up %d/%d  hanging %d/%d  failing %d/%d%n",
                median(baseline), max(baseline), median(hanging), max(hanging), median(failing), max(failing));
        assertTrue(max(hanging) < BUDGET_MILLIS, "a request took " + max(hanging) + " ms while Loki hung");
        assertTrue(max(failing) < BUDGET_MILLIS, "a request took " + max(failing) + " ms while Loki failed");

        int before = system.loki().lines().size();
        assertTrue(gateway.get("/api/reports/" + foreignReport).jwt(site.contextToken()).send().status() == 404);
        await("report-service ships again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> system.loki().lines().stream().skip(before)
                        .anyMatch(l -> "report-service".equals(l.service())));
    }

    private String foreignReport;

    /**
     * App API calls, one every 80 ms (below the per-tenant rate limit), for {@code duration}: lists, events, and
     * probes of another tenant's report (which report-service logs); each must be answered as usual; returns their
     * times.
     */
    private List<Long> load(JiraSite site, Duration duration) {
        List<Long> millis = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger i = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ScheduledExecutorService client = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        client.scheduleAtFixedRate(() -> {
            Http.Answer answer = switch (i.getAndIncrement() % 4) {
                case 0 -> gateway.post("/api/events").jwt(site.contextToken())
                        .json(Payloads.batch(List.of(Payloads.event(UUID.randomUUID(), 100)))).send();
                case 1 -> gateway.get("/api/reports/" + foreignReport).jwt(site.contextToken()).send();
                default -> gateway.get("/api/reports").jwt(site.contextToken()).send();
            };
            if (answer.status() != 200 && answer.status() != 202 && answer.status() != 404) {
                unexpected.add(answer.toString());
            }
            millis.add(answer.millis());
        }, 0, 80, java.util.concurrent.TimeUnit.MILLISECONDS);
        client.schedule(client::shutdown, duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            assertTrue(client.awaitTermination(duration.toSeconds() + 30, java.util.concurrent.TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        assertTrue(unexpected.isEmpty(), "answers while Loki was away: " + unexpected);
        return List.copyOf(millis);
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().skip(values.size() / 2).findFirst().orElse(0L);
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }
}
