package io.pivotreport.deploy;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe compose healthchecks run inside our shell-less images (deploy/image/probe/HealthProbe.java), compiled
 * the way the base image build compiles it and run as its own JVM, as Docker runs it.
 */
class HealthProbeTest {

    private static HttpServer service;
    private static String base;

    @TempDir
    static Path classes;

    @BeforeAll
    static void compileProbeAndStartAService() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "--release", "17", "-d", classes.toString(),
                DeployTree.deploy().resolve("image/probe/HealthProbe.java").toString());
        assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));

        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/q/health/ready", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.createContext("/q/health/down", exchange -> {
            byte[] body = "{\"status\":\"DOWN\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        service.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/q/health/ready");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        service.start();
        base = "http://127.0.0.1:" + service.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        service.stop(0);
    }

    @Test
    void aReadyServiceIsHealthy() {
        assertEquals(0, probe(base + "/q/health/ready").exitCode());
    }

    @Test
    void aServiceAnswering503IsUnhealthy() {
        Commands.Result result = probe(base + "/q/health/down");
        assertEquals(1, result.exitCode());
        assertTrue(result.stderr().contains("HTTP 503"), result.stderr());
    }

    @Test
    void aServiceThatIsNotListeningIsUnhealthy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertEquals(1, probe("http://127.0.0.1:" + closedPort + "/q/health/ready").exitCode());
    }

    @Test
    void aRedirectIsNotHealth() {
        assertEquals(1, probe(base + "/redirect").exitCode());
    }

    @Test
    void theProbeNeverLeavesTheContainer() {
        Commands.Result result = probe("http://example.com/q/health/ready");
        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains("only http://127.0.0.1"), result.stderr());
        assertEquals(2, probe("https://127.0.0.1:8443/q/health/ready").exitCode());
    }

    private static Commands.Result probe(String url) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return Commands.run(List.of(java, "-cp", classes.toString(), "HealthProbe", url, "2000"), Map.of(),
                Duration.ofSeconds(60));
    }
}
