package io.pivotreport.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything a user may change, read from environment variables (tests pass their own lookup).
 *
 * <table>
 *   <tr><td>PIVOT_PG_URL, PIVOT_PG_USER, PIVOT_PG_PASSWORD</td><td>use this PostgreSQL (admin database URL) instead
 *   of the embedded one</td></tr>
 *   <tr><td>PIVOT_KAFKA_BOOTSTRAP</td><td>use this Kafka instead of the embedded broker</td></tr>
 *   <tr><td>PIVOT_PG_PORT (5432), PIVOT_KAFKA_PORT (9092), PIVOT_KAFKA_CONTROLLER_PORT (9093)</td><td>embedded
 *   servers' ports</td></tr>
 *   <tr><td>PIVOT_GATEWAY_PORT (8080), PIVOT_GATEWAY_HTTPS_PORT (8443), PIVOT_LICENSE_PORT (8081),
 *   PIVOT_REPORT_PORT (8082), PIVOT_ANALYTICS_PORT (8083), PIVOT_GATEWAY_MANAGEMENT_PORT (9000)</td><td>service
 *   ports</td></tr>
 *   <tr><td>PIVOT_GATEWAY_HOST (127.0.0.1)</td><td>gateway bind address; 0.0.0.0 exposes it to the network</td></tr>
 *   <tr><td>PIVOT_START_TIMEOUT_SECONDS (120)</td><td>readiness wait per service</td></tr>
 *   <tr><td>PIVOT_SERVICE_JAVA_OPTS ({@link #DEFAULT_SERVICE_JAVA_OPTS})</td><td>JVM options of each
 *   service</td></tr>
 *   <tr><td>PIVOT_OTLP_ENDPOINT (none)</td><td>OpenTelemetry collector; without it tracing is off locally</td></tr>
 *   <tr><td>PIVOT_STATE_DIR (&lt;home&gt;/.platform)</td><td>where keys, data, logs and run files live; a system test
 *   points it at a throw-away directory so it never meets a developer's ./platform up</td></tr>
 * </table>
 */
public final class Settings {

    private final Path home;
    private final UnaryOperator<String> env;

    public Settings(Path home, UnaryOperator<String> env) {
        this.home = home.toAbsolutePath().normalize();
        this.env = env;
    }

    public static Settings fromEnvironment(Path home) {
        return new Settings(home, System::getenv);
    }

    public static Settings of(Path home, Map<String, String> env) {
        return new Settings(home, env::get);
    }

    /** The repository root: services are found under it, state lives in {@code .platform/} below it. */
    public Path home() {
        return home;
    }

    public Path stateDir() {
        String dir = get("PIVOT_STATE_DIR");
        return dir == null ? home.resolve(".platform") : Path.of(dir).toAbsolutePath().normalize();
    }

    public Path keysDir() {
        return stateDir().resolve("keys");
    }

    public Path postgresDir() {
        return stateDir().resolve("postgres");
    }

    public Path kafkaDir() {
        return stateDir().resolve("kafka");
    }

    public Path runDir() {
        return stateDir().resolve("run");
    }

    public Path logsDir() {
        return stateDir().resolve("logs");
    }

    public Path pidFile() {
        return stateDir().resolve("platform.pid");
    }

    public Path stateFile() {
        return stateDir().resolve("state.properties");
    }

    public String get(String name) {
        String v = env.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public int port(String name, int defaultPort) {
        String v = get(name);
        if (v == null) {
            return defaultPort;
        }
        try {
            int p = Integer.parseInt(v);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new LauncherException(name + "=" + v + " is not a port number (1-65535)");
        }
    }

    public String pgUrl() {
        return get("PIVOT_PG_URL");
    }

    public String pgUser() {
        return get("PIVOT_PG_USER") == null ? "postgres" : get("PIVOT_PG_USER");
    }

    public String pgPassword() {
        return get("PIVOT_PG_PASSWORD") == null ? "" : get("PIVOT_PG_PASSWORD");
    }

    public String kafkaBootstrap() {
        return get("PIVOT_KAFKA_BOOTSTRAP");
    }

    public int pgPort() {
        return port("PIVOT_PG_PORT", 5432);
    }

    public int kafkaPort() {
        return port("PIVOT_KAFKA_PORT", 9092);
    }

    public int kafkaControllerPort() {
        return port("PIVOT_KAFKA_CONTROLLER_PORT", 9093);
    }

    public int gatewayHttpsPort() {
        return port("PIVOT_GATEWAY_HTTPS_PORT", 8443);
    }

    public String gatewayHost() {
        return get("PIVOT_GATEWAY_HOST") == null ? "127.0.0.1" : get("PIVOT_GATEWAY_HOST");
    }

    public Duration startTimeout() {
        String v = get("PIVOT_START_TIMEOUT_SECONDS");
        return Duration.ofSeconds(v == null ? 120 : Long.parseLong(v));
    }

    /**
     * The services' JVM options when PIVOT_SERVICE_JAVA_OPTS is unset, sized for a 2-core host running all four
     * (measured in docs/benchmarks.md): the serial collector (no concurrent GC threads competing for two cores, the
     * smallest footprint; pauses of a 256 MiB heap stay in milliseconds), a heap that starts small and may grow to
     * 256 MiB (the live set under load is far below), metaspace capped above the ~90 MiB a service loads, and a code
     * cache of 64 MiB (about 30 MiB used after the load run). Full C2 compilation is kept: peak throughput matters more
     * than the second of start-up TieredStopAtLevel=1 would save.
     */
    public static final String DEFAULT_SERVICE_JAVA_OPTS =
            "-XX:+UseSerialGC -Xms16m -Xmx256m -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m";

    public String serviceJavaOpts() {
        String fromEnv = get("PIVOT_SERVICE_JAVA_OPTS");
        return fromEnv == null ? DEFAULT_SERVICE_JAVA_OPTS : fromEnv;
    }

    /** The java executable running this launcher (services run on the same JDK). */
    public String javaExecutable() {
        String fromEnv = get("PIVOT_JAVA");
        if (fromEnv != null) {
            return fromEnv;
        }
        return ProcessHandle.current().info().command().orElse("java");
    }
}
