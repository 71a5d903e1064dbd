package io.pivotreport.launcher;

import io.pivotreport.test.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service step with stand-in service jars, against this JVM's test PostgreSQL and Kafka named as existing servers
 * ({@code PIVOT_PG_URL}, {@code PIVOT_KAFKA_BOOTSTRAP}).
 */
class ServiceStartTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Console console() {
        return new Console(new PrintStream(out, true, StandardCharsets.UTF_8), 8);
    }

    @org.junit.jupiter.api.BeforeEach
    void keys() throws Exception {
        FakeServices.copyKeys(home);
    }

    private void installAll(String licenseMode) throws Exception {
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            FakeServices.install(home, spec, spec.equals(ServiceSpec.LICENSE) ? licenseMode : null);
        }
    }

    @Test
    void startsAllFourInOrderWithTheirConfigurationAndStopsThem() throws Exception {
        installAll(null);
        Map<String, String> env = FakeServices.externalServers();
        Settings settings = Settings.of(home, env);
        List<ServiceProcess> started;
        try (Platform platform = Platform.up(settings, console(), Platform.Options.all())) {
            started = platform.services();
            assertEquals(ServiceSpec.START_ORDER, started.stream().map(ServiceProcess::spec).toList());
            for (ServiceProcess s : started) {
                assertEquals("ready", ServiceProcess.probe(s.readyUrl()), s.spec().name());
                assertTrue(Files.readString(s.logFile()).contains("fake service listening on 127.0.0.1:"
                        + env.get(s.spec().portEnv())), s.spec().name());
                assertEquals(Long.toString(s.pid()), Files.readString(s.pidFile()).trim());
            }
            Properties license = load(home.resolve(".platform/run/license-service/config/application.properties"));
            assertEquals(env.get("PIVOT_LICENSE_PORT"), license.getProperty("quarkus.http.port"));
            assertEquals(env.get("PIVOT_KAFKA_BOOTSTRAP"), license.getProperty("kafka.bootstrap.servers"));
            // the written credentials really open the service's own database on the named server
            try (var c = java.sql.DriverManager.getConnection(license.getProperty("quarkus.datasource.jdbc.url"),
                    license.getProperty("quarkus.datasource.username"),
                    license.getProperty("quarkus.datasource.password"))) {
                assertTrue(c.isValid(5));
            }
            Properties gateway = load(home.resolve(".platform/run/gateway-service/config/application.properties"));
            assertEquals(env.get("PIVOT_GATEWAY_MANAGEMENT_PORT"), gateway.getProperty("quarkus.management.port"));
            assertTrue(started.get(3).readyUrl().contains(":" + env.get("PIVOT_GATEWAY_MANAGEMENT_PORT") + "/"),
                    "gateway readiness asked on its management port");
            assertEquals("http://127.0.0.1:" + env.get("PIVOT_REPORT_PORT"),
                    gateway.getProperty("pivot.gateway.services.report"));
            assertEquals("https://localhost:" + env.get("PIVOT_GATEWAY_HTTPS_PORT"),
                    gateway.getProperty("pivot.gateway.base-url"));
            assertTrue(platform.summary().contains("https://localhost:" + env.get("PIVOT_GATEWAY_HTTPS_PORT")
                    + "/atlassian-connect.json"), platform.summary());
        }
        for (ServiceProcess s : started) {
            assertTrue(Processes.awaitExit(s.pid(), Duration.ofSeconds(5)), s.spec().name() + " still running");
            assertFalse(Files.exists(s.pidFile()));
            assertTrue(Files.readString(s.logFile()).contains("fake service stopping"), "stopped with SIGTERM");
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.indexOf("license-service") < text.indexOf("report-service")
                && text.indexOf("analytics-service") < text.indexOf("[8/8] gateway-service"), text);
    }

    @Test
    void startedTogetherWithExtraPropertiesOneServiceRestartsAloneInAnotherStateDirectory() throws Exception {
        installAll(null);
        Map<String, String> env = FakeServices.externalServers();
        Path state = home.resolve("elsewhere/state");
        env.put("PIVOT_STATE_DIR", state.toString());
        FakeServices.copyKeys(home);
        Files.createDirectories(state.resolve("keys"));
        try (var keys = Files.list(home.resolve(".platform/keys"))) {
            for (Path f : (Iterable<Path>) keys::iterator) {
                Files.copy(f, state.resolve("keys").resolve(f.getFileName()));
            }
        }
        Platform.Options options = Platform.Options.all()
                .withProperties(ServiceSpec.LICENSE, Map.of("pivot.license.uninstall-grace", "PT5S"))
                .withProperties(ServiceSpec.LICENSE, Map.of("quarkus.otel.sdk.disabled", "false"))
                .startingTogether();
        try (Platform platform = Platform.up(Settings.of(home, env), console(), options)) {
            Properties license = load(state.resolve("run/license-service/config/application.properties"));
            assertEquals("PT5S", license.getProperty("pivot.license.uninstall-grace"));
            assertEquals("false", license.getProperty("quarkus.otel.sdk.disabled"), "an extra property wins");
            assertFalse(Files.exists(home.resolve(".platform/run")), "nothing written to <home>/.platform/run");
            assertEquals(ServiceSpec.START_ORDER, platform.services().stream().map(ServiceProcess::spec).toList());
            for (ServiceProcess s : platform.services()) {
                assertEquals("ready", ServiceProcess.probe(s.readyUrl()), s.spec().name());
            }

            ServiceProcess report = platform.services().get(1);
            assertTrue(platform.stopService(ServiceSpec.REPORT));
            assertTrue(Processes.awaitExit(report.pid(), Duration.ofSeconds(5)));
            assertFalse(platform.stopService(ServiceSpec.REPORT), "already stopped");
            assertEquals(3, platform.services().size());

            ServiceProcess again = platform.startService(ServiceSpec.REPORT);
            assertEquals("ready", ServiceProcess.probe(again.readyUrl()));
            assertEquals(report.readyUrl(), again.readyUrl(), "same port");
            assertThrows(LauncherException.class, () -> platform.startService(ServiceSpec.REPORT));
        }
    }

    @Test
    void aServiceThatDiesWhileStartingFailsTheRunWithItsLogAndStopsTheOthers() throws Exception {
        installAll("crash");
        Settings settings = Settings.of(home, FakeServices.externalServers());
        LauncherException e = assertThrows(LauncherException.class,
                () -> Platform.up(settings, console(), Platform.Options.all()));
        assertTrue(e.getMessage().contains("license-service exited with code 3 while starting"), e.getMessage());
        assertTrue(e.getMessage().contains("boom: simulated start-up failure"), "log tail shown: " + e.getMessage());
        assertTrue(ProcessHandle.current().children().noneMatch(p -> p.info().commandLine().orElse("")
                .contains("quarkus-run.jar")));
    }

    @Test
    void aServiceThatNeverGetsReadyTimesOutWithItsLog() throws Exception {
        installAll("never-ready");
        Map<String, String> env = FakeServices.externalServers();
        env.put("PIVOT_START_TIMEOUT_SECONDS", "3");
        LauncherException e = assertThrows(LauncherException.class,
                () -> Platform.up(Settings.of(home, env), console(), Platform.Options.all()));
        assertTrue(e.getMessage().contains("license-service was not ready within 3 s"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertTrue(e.getMessage().contains("mode never-ready"), "log tail shown: " + e.getMessage());
        assertTrue(ProcessHandle.current().children().noneMatch(p -> p.info().commandLine().orElse("")
                .contains("quarkus-run.jar")));
    }

    @Test
    void stoppingWhileAServiceStartsStopsEverythingAndStartsNothingMore() throws Exception {
        installAll("never-ready");
        Map<String, String> env = FakeServices.externalServers();
        env.put("PIVOT_START_TIMEOUT_SECONDS", "60");
        Platform platform = Platform.create(Settings.of(home, env), console(), Platform.Options.all());
        java.util.concurrent.CompletableFuture<Void> starting = java.util.concurrent.CompletableFuture.runAsync(
                platform::start);
        org.awaitility.Awaitility.await("license-service launched").atMost(Duration.ofSeconds(60))
                .until(() -> !platform.services().isEmpty());
        long license = platform.services().get(0).pid();
        platform.close(); // what the shutdown hook does on Ctrl-C or ./platform down

        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> starting.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("stopped while starting"), e.getCause().getMessage());
        assertTrue(Processes.awaitExit(license, Duration.ofSeconds(10)));
        assertEquals(List.of(), platform.services());
        assertTrue(ProcessHandle.current().children().noneMatch(p -> p.info().commandLine().orElse("")
                .contains("quarkus-run.jar")), "no service started after the stop");
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("[6/8]"), "report-service was never started");
    }

    @Test
    void missingJarsAreAnErrorUnlessSkipped() throws Exception {
        FakeServices.install(home, ServiceSpec.LICENSE, null);
        Settings settings = Settings.of(home, FakeServices.externalServers());
        LauncherException e = assertThrows(LauncherException.class,
                () -> Platform.up(settings, console(), Platform.Options.all()));
        assertTrue(e.getMessage().contains("missing service jar(s): report-service/target/quarkus-app/quarkus-run.jar"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--skip-missing"), e.getMessage());

        try (Platform platform = Platform.up(settings, console(), new Platform.Options(true, ServiceSpec.START_ORDER))) {
            assertEquals(List.of(ServiceSpec.LICENSE), platform.services().stream().map(ServiceProcess::spec).toList());
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("WARNING: skipping services that are not built yet"));
    }

    @Test
    void aBusyPortIsNamedWithTheVariableThatMovesIt() throws Exception {
        installAll(null);
        Map<String, String> env = FakeServices.externalServers();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            env.put("PIVOT_REPORT_PORT", Integer.toString(taken.getLocalPort()));
            LauncherException e = assertThrows(LauncherException.class,
                    () -> Platform.up(Settings.of(home, env), console(), Platform.Options.all()));
            assertTrue(e.getMessage().contains("port " + taken.getLocalPort() + " is in use (report-service; set "
                    + "PIVOT_REPORT_PORT=<port>)"), e.getMessage());
        }
        assertTrue(ProcessHandle.current().children().noneMatch(p -> p.info().commandLine().orElse("")
                .contains("quarkus-run.jar")), "nothing was started");
    }

    private static Properties load(Path file) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }
}
