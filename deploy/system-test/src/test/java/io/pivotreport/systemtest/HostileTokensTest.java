package io.pivotreport.systemtest;

import io.pivotreport.launcher.ServiceSpec;
import io.pivotreport.systemtest.harness.ForgeSite;
import io.pivotreport.systemtest.harness.HostileTokens;
import io.pivotreport.systemtest.harness.HostileTokens.Probe;
import io.pivotreport.systemtest.harness.Http;
import io.pivotreport.systemtest.harness.JiraSite;
import io.pivotreport.systemtest.harness.Payloads;
import io.pivotreport.systemtest.harness.RawHttp;
import io.pivotreport.systemtest.harness.SystemUnderTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ten thousand generated hostile tokens against the live gateway, on every route that takes a token: none may be
 * accepted (every answer a refusal before any work, never a 2xx, never a 5xx) and none may leave a trace (no tenant,
 * report or session event).
 */
@ExtendWith(SystemUnderTest.Extension.class)
@Order(4)
class HostileTokensTest {

    static final int COUNT = 10_000;
    /** Refusals: 401 (the token), 400 (a request the HTTP layer cannot read), 413/414/431 (too large to read). */
    static final Set<Integer> REFUSALS = Set.of(400, 401, 413, 414, 431);

    private final SystemUnderTest system = SystemUnderTest.get();
    private final Http gateway = system.gateway();

    @Test
    void tenThousandHostileTokensAreAllRefusedAndLeaveNoTrace() throws Exception {
        JiraSite site = JiraSite.random().onboard(system);
        JiraSite other = JiraSite.random().onboard(system);
        ForgeSite forge = ForgeSite.random().install(system);
        String tenantId = site.tenantId(system);

        // the legitimate tokens the mutations start from are accepted: a refusal below is the mutation's doing
        assertEquals(200, gateway.get("/api/reports").jwt(site.contextToken()).send().status());
        assertEquals(200, gateway.get("/api/license").jwt(site.contextToken()).send().status());
        assertEquals(200, site.loadPage(system, "active").status());
        assertEquals(200, gateway.get("/api/reports").bearer(forge.userToken(system)).send().status());
        assertEquals(202, gateway.post("/api/events").jwt(site.contextToken())
                .json(Payloads.batch(List.of(Payloads.event(UUID.randomUUID(), 100)))).send().status());
        long tenantsBefore = system.count("license", "SELECT count(*) FROM tenant");

        long seed = Long.getLong("pivot.hostile.seed", System.nanoTime());
        List<Probe> probes = new HostileTokens(system, site, other, forge, seed).generate(COUNT);
        assertEquals(COUNT, probes.size());

        Map<String, Map<Integer, AtomicInteger>> byCategory = new ConcurrentHashMap<>();
        List<String> offenders = Collections.synchronizedList(new ArrayList<>());
        int port = URI.create(gateway.base()).getPort();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Probe probe : probes) {
                sent.add(pool.submit(() -> {
                    int status = send(probe, port);
                    byCategory.computeIfAbsent(probe.category(), k -> new ConcurrentHashMap<>())
                            .computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    boolean tooLargeToRead = status == -1 && (probe.category().startsWith("size")
                            || probe.raw());
                    if (!REFUSALS.contains(status) && !tooLargeToRead) {
                        offenders.add(status + " for [" + probe.category() + "] on " + probe.route());
                    }
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000);
        System.out.printf("Hostile tokens: %d sent in %d s (seed %d); answers by category:%n", COUNT, seconds, seed);
        new TreeMap<>(byCategory).forEach((category, statuses) -> System.out.printf("  %-70s %s%n", category,
                new TreeMap<>(statuses)));
        System.out.println("  install-key fetches: " + system.atlassian().installKeyRequests()
                + ", JWKS fetches: " + system.atlassian().jwksRequests());

        assertTrue(offenders.isEmpty(), offenders.size() + " hostile tokens were not refused (seed " + seed + "): "
                + offenders.subList(0, Math.min(20, offenders.size())));

        // nothing stored: no tenant, no report, no event came from a hostile request
        assertEquals(tenantsBefore, system.count("license", "SELECT count(*) FROM tenant"), "no new tenant");
        assertEquals(0, system.count("license", "SELECT count(*) FROM tenant WHERE client_key LIKE ? "
                + "OR forge_installation_id LIKE ?", "%" + HostileTokens.HOSTILE_PREFIX + "%",
                "%" + HostileTokens.HOSTILE_PREFIX + "%"));
        assertEquals(0, system.count("report", "SELECT count(*) FROM saved_report WHERE tenant_id = ?", tenantId));
        UUID marker = UUID.randomUUID();
        assertEquals(202, gateway.post("/api/events").jwt(site.contextToken())
                .json(Payloads.batch(List.of(Payloads.event(marker, 100)))).send().status());
        await("the marker event").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> system.count("analytics", "SELECT count(*) FROM session_event WHERE event_id = ?::uuid",
                        marker.toString()) == 1);
        assertEquals(2, system.count("analytics", "SELECT count(*) FROM session_event WHERE tenant_id = ?",
                tenantId), "only the control event and the marker were stored");
        assertEquals(List.of("enabled|active|" + site.baseUrl()), system.query("license", "SELECT state || '|' || "
                + "license_status || '|' || base_url FROM tenant WHERE id = ?::uuid", tenantId),
                "the attacked tenant is untouched");

        // and the gateway is still well
        assertEquals(200, system.gatewayManagement().get("/q/health/ready").send().status());
        assertEquals(200, gateway.get("/api/reports").jwt(site.contextToken()).send().status());
        assertEquals(200, system.service(ServiceSpec.LICENSE).get("/q/health/ready").send().status());
    }

    private int send(Probe probe, int port) {
        if (probe.raw()) {
            StringBuilder head = new StringBuilder(probe.method() + " " + probe.path() + " HTTP/1.1");
            probe.headers().forEach((name, values) -> values.forEach(v -> head.append("\r\n").append(name)
                    .append(": ").append(v)));
            return RawHttp.status(port, head.toString(), probe.body());
        }
        Http.Call call = gateway.method(probe.method(), probe.path());
        probe.headers().forEach((name, values) -> values.forEach(v -> {
            if (!name.equals("Content-Type")) {
                call.header(name, v);
            }
        }));
        if (probe.body() != null) {
            call.body("application/json", probe.body());
        }
        try {
            return call.send().status();
        } catch (AssertionError e) {
            // no answer on two connections: ask over a plain socket, which reads a status sent before the close
            StringBuilder head = new StringBuilder(probe.method() + " " + probe.path() + " HTTP/1.1");
            probe.headers().forEach((name, values) -> values.forEach(v -> head.append("\r\n").append(name)
                    .append(": ").append(v)));
            return RawHttp.status(port, head.toString(), probe.body());
        }
    }
}
