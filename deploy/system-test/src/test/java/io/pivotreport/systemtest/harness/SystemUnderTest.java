package io.pivotreport.systemtest.harness;

import io.pivotreport.launcher.Console;
import io.pivotreport.launcher.Platform;
import io.pivotreport.launcher.ServiceProcess;
import io.pivotreport.launcher.ServiceSpec;
import io.pivotreport.launcher.Settings;
import io.pivotreport.platform.logging.testing.LokiPushReceiver;
import io.pivotreport.test.EmbeddedPostgresServer;
import io.pivotreport.test.Pem;
import io.pivotreport.test.Ports;
import io.pivotreport.test.atlassian.PersonalDataApiFake;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole platform, started once per test JVM the way a user starts it and shared by every test class:
 * <ul>
 *   <li>a loopback Loki push receiver ({@link LokiPushReceiver}) every service ships its logs to;</li>
 *   <li>{@link AtlassianFake}: the install-keys service and Forge's JWKS;</li>
 *   <li>a Kafka broker in its own JVM ({@link ForkedKafka}), so a test can SIGKILL it;</li>
 *   <li>platform-launcher's {@link Platform}: development keys, an embedded PostgreSQL 17 with one database and role
 *       per service, and the four packaged services ({@code <module>/target/quarkus-app/quarkus-run.jar}) as child
 *       processes on free ports, with the extra properties below.</li>
 * </ul>
 * The services run from a copy of their {@code target/quarkus-app} taken at start. Everything lives in
 * {@code target/system-test-state} ({@code PIVOT_STATE_DIR}), never in a developer's
 * {@code .platform/}; the service, Kafka and PostgreSQL logs stay in its {@code logs/} after the run. Use it through {@code @ExtendWith(SystemUnderTest.Extension.class)} and {@link #get()}.
 *
 * <h2>How the tests move time</h2>
 * The uninstall grace period is 30 days in production. Here license-service runs with
 * {@code pivot.license.uninstall-grace=PT5S} and {@code pivot.license.erasure.check-every=1s}: its own, documented
 * setting, so the real erasure job publishes the real {@code ERASURE_DUE} a few seconds after an uninstall. No clock is
 * faked; the platform's clock runs, the grace is short.
 *
 * <p>The same way, every service's Kafka clients run with {@code kafka.default.api.timeout.ms=10000} (Kafka's default
 * is 60 s), so a broker outage of some seconds here stands for an outage of over a minute in production: what a
 * client does when that timeout expires is then tested in seconds.
 */
public final class SystemUnderTest implements AutoCloseable {

    /** The uninstall grace the system test configures (production default: P30D). */
    public static final Duration UNINSTALL_GRACE = Duration.ofSeconds(5);
    /** How often license-service's Personal Data Reporting job looks for due accounts here (production: PT1H). */
    public static final Duration PERSONAL_DATA_CHECK_EVERY = Duration.ofSeconds(1);
    /** Kafka clients' {@code default.api.timeout.ms} in the system test (Kafka's default: 60 s). */
    public static final Duration KAFKA_API_TIMEOUT = Duration.ofSeconds(10);
    public static final String FORGE_APP_ID = "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    public static final String FORGE_APP_ARI = "ari:cloud:ecosystem::app/" + FORGE_APP_ID;

    private static SystemUnderTest instance;
    private static RuntimeException startFailure;

    private final Path home;
    private final Path stateDir;
    private final Map<String, String> env = new HashMap<>();
    private final LokiPushReceiver loki;
    private final AtlassianFake atlassian;
    private final PersonalDataApiFake personalData;
    private final ForkedKafka kafka;
    private final Platform platform;
    private final Duration startTime;
    private volatile boolean closed;

    /** The running system, started on first use (a failed start fails every later caller the same way). */
    public static synchronized SystemUnderTest get() {
        if (startFailure != null) {
            throw new IllegalStateException("the platform did not start: " + startFailure.getMessage(), startFailure);
        }
        if (instance == null) {
            try {
                instance = new SystemUnderTest();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "system-test-shutdown"));
        }
        return instance;
    }

    /**
     * Starts the platform before the first test class and stops it when the whole run ends; after each class it
     * {@link #heal() heals} the platform, so a fault a class found does not fail the classes after it.
     */
    public static final class Extension implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            SystemUnderTest system = get();
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(SystemUnderTest.class, key -> system, SystemUnderTest.class);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            get().heal(context.getDisplayName());
        }
    }

    /**
     * Brings the platform back to health after a test class: Kafka and PostgreSQL running, the Loki receiver
     * answering, every service running and reporting UP on {@code /q/health}; a service that is not is restarted
     * (and said so on the console: the class before left it broken, which its own assertions should have reported).
     */
    public synchronized void heal(String after) {
        loki.recover();
        if (!kafka.isAlive()) {
            System.out.println("heal after " + after + ": starting Kafka again");
            kafka.start(Duration.ofSeconds(120));
        }
        if (!postgres().isRunning()) {
            System.out.println("heal after " + after + ": starting PostgreSQL again");
            postgres().start();
        }
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            String health = health(spec);
            if (health != null) {
                System.out.println("heal after " + after + ": restarting " + spec.name() + " (" + health + ")");
                platform.stopService(spec);
                platform.startService(spec);
            }
        }
    }

    /** Null when the service runs and {@code /q/health} says UP; otherwise what is wrong. */
    public String health(ServiceSpec spec) {
        if (platform.services().stream().noneMatch(s -> s.spec().equals(spec) && s.isAlive())) {
            return "not running";
        }
        Http http = spec.hasManagement() ? gatewayManagement() : service(spec);
        try {
            Http.Answer answer = http.get("/q/health").timeout(Duration.ofSeconds(10)).send();
            return answer.status() == 200 ? null : "/q/health " + answer.status() + " "
                    + answer.body().replaceAll("\\s+", " ");
        } catch (AssertionError e) {
            return "/q/health unreachable: " + e.getMessage();
        }
    }

    private SystemUnderTest() {
        long t0 = System.nanoTime();
        home = buildRoot();
        checkJars(home);
        stateDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
                .resolve("target/system-test-state");
        EmbeddedPostgresServer.stopStalePostmaster(stateDir.resolve("postgres"));
        deleteTree(stateDir);
        Path services = snapshotServices(home, stateDir.resolve("services"));
        loki = LokiPushReceiver.start();
        atlassian = new AtlassianFake();
        personalData = PersonalDataApiFake.start(JiraSite.APP_KEY);
        kafka = new ForkedKafka(stateDir.resolve("kafka"), stateDir.resolve("logs/kafka.log"), Ports.freePort(),
                Ports.freePort());
        Platform started = null;
        try {
            kafka.start(Duration.ofSeconds(120));
            for (String name : List.of("PIVOT_PG_PORT", "PIVOT_LICENSE_PORT", "PIVOT_REPORT_PORT",
                    "PIVOT_ANALYTICS_PORT", "PIVOT_GATEWAY_PORT", "PIVOT_GATEWAY_HTTPS_PORT",
                    "PIVOT_GATEWAY_MANAGEMENT_PORT")) {
                int port;
                do {
                    port = Ports.freePort();
                } while (env.containsValue(Integer.toString(port)));
                env.put(name, Integer.toString(port));
            }
            env.put("PIVOT_STATE_DIR", stateDir.toString());
            env.put("PIVOT_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
            env.put("PIVOT_START_TIMEOUT_SECONDS", "240");
            // C1 only and the serial collector: start-up and a short run cost far less CPU on a 2-core machine (the
            // benchmarks in bench/load use the launcher's default options instead)
            env.put("PIVOT_SERVICE_JAVA_OPTS", System.getProperty("pivot.service.java-opts",
                    "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
            Platform.Options options = options();
            Console console = new Console(System.out, Platform.stepCount(options));
            System.out.println("System test: starting the platform from " + home + " (state in " + stateDir + ")");
            started = Platform.up(Settings.of(services, env), console, options);
        } catch (RuntimeException e) {
            kafka.close();
            loki.close();
            atlassian.close();
            personalData.close();
            throw e;
        }
        platform = started;
        startTime = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("System test: platform ready in " + startTime.toSeconds() + " s");
    }

    private Platform.Options options() {
        Map<String, String> logging = new LinkedHashMap<>();
        logging.put("pivot.logging.loki.url", loki.pushUrl());
        logging.put("pivot.logging.loki.batch-timeout", "500ms"); // production: 2 s; other Loki settings as shipped
        logging.put("pivot.environment", "system-test");
        logging.put("kafka.default.api.timeout.ms", Long.toString(KAFKA_API_TIMEOUT.toMillis()));

        Map<String, String> license = new LinkedHashMap<>(logging);
        license.put("pivot.license.uninstall-grace", "PT" + UNINSTALL_GRACE.toSeconds() + "S");
        license.put("pivot.license.erasure.check-every", "1s");
        // Personal Data Reporting against the local fake of Atlassian's API, checked every second (production: PT1H)
        license.put("pivot.license.personal-data.app-key", JiraSite.APP_KEY);
        license.put("pivot.license.personal-data.api-base-url", personalData.baseUrl());
        license.put("pivot.license.personal-data.check-every", PERSONAL_DATA_CHECK_EVERY.toString());

        Map<String, String> gateway = new LinkedHashMap<>(logging);
        gateway.put("pivot.gateway.install-keys-url", atlassian.installKeysUrl());
        gateway.put("pivot.gateway.forge.app-id", FORGE_APP_ID);
        gateway.put("pivot.gateway.forge.jwks-url", atlassian.jwksUrl());

        return Platform.Options.all()
                .withProperties(ServiceSpec.LICENSE, license)
                .withProperties(ServiceSpec.REPORT, logging)
                .withProperties(ServiceSpec.ANALYTICS, logging)
                .withProperties(ServiceSpec.GATEWAY, gateway)
                .startingTogether();
    }

    /**
     * Where the packaged services are taken from: {@code -Dpivot.system-test.build-root} (another checkout whose
     * services were built there, so a build in this tree cannot collide with a teammate's tests in its
     * {@code target/}), by default {@link #repositoryRoot() this repository}.
     */
    static Path buildRoot() {
        String configured = System.getProperty("pivot.system-test.build-root");
        return configured == null || configured.isBlank() ? repositoryRoot()
                : Path.of(configured).toAbsolutePath().normalize();
    }

    /** The repository root: {@code -Dpivot.home} (set by the module's surefire configuration) or found upwards. */
    static Path repositoryRoot() {
        String configured = System.getProperty("pivot.home");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (set -Dpivot.home)");
        }
        return dir;
    }

    /**
     * Copies each service's {@code target/quarkus-app} into {@code into/<module>/target/quarkus-app} and returns
     * {@code into}, the launcher's home: a teammate's rebuild during the run cannot swap classes under a running
     * service or make a restarted one start from a half-written jar.
     */
    static Path snapshotServices(Path home, Path into) {
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            Path from = spec.jar(home).getParent();
            Path to = spec.jar(into).getParent();
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot copy " + from + " (is " + spec.module()
                        + " being rebuilt right now? run again when it is done)", e);
            }
        }
        return into;
    }

    /** The packaged services must exist; an outdated one is named, since the test would test old code. */
    static void checkJars(Path home) {
        List<String> missing = new ArrayList<>();
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            Path jar = spec.jar(home);
            if (!Files.isRegularFile(jar)) {
                missing.add(spec.module());
                continue;
            }
            try {
                long built = Files.getLastModifiedTime(jar).toMillis();
                Path sources = home.resolve(spec.module()).resolve("src/main");
                try (Stream<Path> files = Files.walk(sources)) {
                    Path newer = files.filter(Files::isRegularFile).filter(f -> modified(f) > built).findFirst()
                            .orElse(null);
                    if (newer != null) {
                        System.err.println("WARNING: " + jar + " is older than " + newer
                                + "; rebuild it: mvn -q -pl " + spec.module() + " package -DskipTests");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("service jars missing for " + missing + "; build them: mvn -q -pl "
                    + String.join(",", missing) + " package -DskipTests");
        }
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            // two builds of one module at once leave a jar a JVM cannot read: the service would exit silently
            Path app = spec.jar(home).getParent();
            try (Stream<Path> jars = Stream.concat(Files.list(app.resolve("app")), Files.list(app.resolve("quarkus")))) {
                for (Path jar : (Iterable<Path>) jars.filter(f -> f.toString().endsWith(".jar"))::iterator) {
                    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                        var entries = zip.entries();
                        while (entries.hasMoreElements()) {
                            try (var in = zip.getInputStream(entries.nextElement())) {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                            }
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(jar + " is damaged (" + e.getMessage() + "); rebuild it: "
                                + "mvn -q -pl " + spec.module() + " package -DskipTests");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    // ---- handles for tests

    /** The gateway's public HTTP listener (what a TLS-terminating proxy or a tunnel from Jira reaches). */
    public Http gateway() {
        return new Http("http://127.0.0.1:" + env.get("PIVOT_GATEWAY_PORT"));
    }

    /** The gateway's management interface (health, metrics). */
    public Http gatewayManagement() {
        return new Http("http://127.0.0.1:" + env.get("PIVOT_GATEWAY_MANAGEMENT_PORT"));
    }

    /** A private service, directly (only tests and the gateway do this). */
    public Http service(ServiceSpec spec) {
        return new Http("http://127.0.0.1:" + env.get(spec.portEnv()));
    }

    /** The base URL Atlassian knows the app by ({@code aud} of signed installs). */
    public String appBaseUrl() {
        return "https://localhost:" + env.get("PIVOT_GATEWAY_HTTPS_PORT");
    }

    public LokiPushReceiver loki() {
        return loki;
    }

    public AtlassianFake atlassian() {
        return atlassian;
    }

    /** The fake of Atlassian's Personal Data Reporting API license-service reports held accountIds to. */
    public PersonalDataApiFake personalData() {
        return personalData;
    }

    public ForkedKafka kafka() {
        return kafka;
    }

    public Platform platform() {
        return platform;
    }

    public EmbeddedPostgresServer postgres() {
        return platform.embeddedPostgres();
    }

    public Duration startTime() {
        return startTime;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The pid of a running service (to prove a fault did not need a restart). */
    public long pid(ServiceSpec spec) {
        return platform.services().stream().filter(s -> s.spec().equals(spec)).findFirst()
                .map(ServiceProcess::pid).orElseThrow(() -> new AssertionError(spec.name() + " is not running"));
    }

    /** A superuser connection to a service's database ({@code license}, {@code report}, {@code analytics}). */
    public Connection database(String name) throws SQLException {
        return DriverManager.getConnection(postgres().jdbcUrl(name), EmbeddedPostgresServer.SUPERUSER, "");
    }

    /** The first column of every row of {@code sql} with {@code args}, as strings. */
    public List<String> query(String database, String sql, Object... args) {
        try (Connection c = database(database); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError(database + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }

    public long count(String database, String sql, Object... args) {
        return Long.parseLong(query(database, sql, args).get(0));
    }

    /**
     * An internal token as the gateway would mint it (RS256 with the platform's internal key, issuer
     * {@code pivot-gateway}, 60 s), for the routes no public route fronts yet: the support path.
     */
    public String internalToken(String audience, String tenant, String account, Set<String> roles) {
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = System.currentTimeMillis() / 1000;
        claims.put("iss", ServiceSpec.INTERNAL_ISSUER);
        claims.put("aud", audience);
        claims.put("sub", account != null ? account : "gateway");
        if (account != null) {
            claims.put("account", account);
        }
        if (tenant != null) {
            claims.put("tenant", tenant);
        }
        claims.put("groups", new ArrayList<>(new HashSet<>(roles)));
        claims.put("iat", now);
        claims.put("exp", now + 60);
        claims.put("jti", UUID.randomUUID().toString());
        return Jwt.rsa(Jwt.segment(Jwt.header("RS256", null)) + "." + Jwt.segment(claims), "SHA256withRSA",
                internalPrivateKey());
    }

    /** The issuer of support tokens ({@code pivot-support}, its own key pair, role {@code support}). */
    public static final String SUPPORT_ISSUER = "pivot-support";

    /**
     * A support engineer's token as the support issuer signs it: RS256 with the development support key the launcher
     * generated ({@code keys/support-jwt-private.pem}; the gateway verifies with its public half), {@code iss} and
     * {@code aud} {@code pivot-support}, {@code groups=[support]}, 5 minutes. {@code extraClaims} are added last and
     * may replace any of these.
     */
    public String supportToken(String engineer, Map<String, Object> extraClaims) {
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = System.currentTimeMillis() / 1000;
        claims.put("iss", SUPPORT_ISSUER);
        claims.put("aud", SUPPORT_ISSUER); // the gateway's pivot.gateway.support.audience default
        claims.put("sub", engineer);
        claims.put("groups", List.of("support"));
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        claims.putAll(extraClaims);
        try {
            return Jwt.rsa(Jwt.segment(Jwt.header("RS256", null)) + "." + Jwt.segment(claims), "SHA256withRSA",
                    Pem.readRsaPrivateKey(stateDir.resolve("keys/support-jwt-private.pem")));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the development support key", e);
        }
    }

    private PrivateKey internalPrivateKey() {
        try {
            return Pem.readRsaPrivateKey(stateDir.resolve("keys/internal-jwt-private.pem"));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the internal signing key", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            platform.close();
        } finally {
            kafka.close();
            loki.close();
            atlassian.close();
            personalData.close();
            // the logs stay in target/system-test-state/logs for a look after a failure; the data go
            deleteTree(stateDir.resolve("postgres"));
            deleteTree(stateDir.resolve("kafka"));
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }
}
