package io.pivotreport.gateway.internal;

import com.sun.net.httpserver.HttpServer;
import io.pivotreport.platform.problem.ProblemException;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbound side on loopback: what a private service receives, and how failures are bounded. */
class PrivateServiceClientTest {

    private Vertx vertx;
    private HttpServer server;
    private ExecutorService executor;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<Map<String, List<String>>> received = new AtomicReference<>();
    private final AtomicReference<String> receivedTarget = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        executor = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/reports", exchange -> {
            received.set(Map.copyOf(exchange.getRequestHeaders()));
            receivedTarget.set(exchange.getRequestURI().toString());
            byte[] body = "{\"items\":[]}".getBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Set-Cookie", "internal=1");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/hang", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
        vertx.closeAndAwait();
    }

    private PrivateServiceClient client(URI report, Duration requestTimeout) {
        return new PrivateServiceClient(vertx, Map.of(PrivateService.REPORT, report), Duration.ofSeconds(1),
                requestTimeout, 7);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void onlyTheInternalTokenAndTheNeededHeadersTravelInward() {
        UpstreamResponse response = client(base(), Duration.ofSeconds(5))
                .call(PrivateService.REPORT, HttpMethod.PUT, "/reports/abc?page=0", "internal.token.value",
                        Buffer.buffer("{}"), "\"4\"")
                .await().atMost(Duration.ofSeconds(10));

        assertEquals(200, response.status());
        assertEquals("/reports/abc?page=0", receivedTarget.get());
        Map<String, List<String>> headers = received.get();
        assertEquals(List.of("Bearer internal.token.value"), headers.get("Authorization"));
        assertEquals(List.of("\"4\""), headers.get("If-match"));
        assertNull(headers.get("Cookie"), "no cookies");
        assertTrue(headers.keySet().stream().allMatch(h -> List.of("Authorization", "Accept", "Content-type",
                "Content-length", "If-match", "Host").contains(h)), "only known headers: " + headers.keySet());
    }

    @Test
    void serviceThatIsDownFailsFastAs503() {
        int dead;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long started = System.nanoTime();
        ProblemException failure = assertThrows(ProblemException.class, () -> client(
                URI.create("http://127.0.0.1:" + dead), Duration.ofSeconds(5))
                .call(PrivateService.REPORT, HttpMethod.GET, "/reports", "t", null, null)
                .await().atMost(Duration.ofSeconds(10)));
        assertEquals(503, failure.problem().status());
        assertEquals("7", failure.headers().get("Retry-After"));
        assertTrue((System.nanoTime() - started) / 1_000_000 < 2_000, "connection refused is answered at once");
    }

    @Test
    void serviceThatHangsIsCutOffAtTheRequestTimeout() {
        long started = System.nanoTime();
        ProblemException failure = assertThrows(ProblemException.class, () -> client(base(), Duration.ofMillis(800))
                .call(PrivateService.REPORT, HttpMethod.GET, "/hang", "t", null, null)
                .await().atMost(Duration.ofSeconds(10)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, failure.problem().status());
        assertTrue(millis >= 700 && millis < 3_000, "cut off after about the timeout: " + millis + " ms");
    }

    @Test
    void unconfiguredServiceIsUnavailable() {
        ProblemException failure = assertThrows(ProblemException.class, () -> client(base(), Duration.ofSeconds(1))
                .call(PrivateService.ANALYTICS, HttpMethod.GET, "/x", "t", null, null)
                .await().atMost(Duration.ofSeconds(5)));
        assertEquals(503, failure.problem().status());
    }
}
