package io.pivotreport.launcher;

import io.pivotreport.test.DatabaseInfo;
import io.pivotreport.test.EmbeddedKafkaBroker;
import io.pivotreport.test.EmbeddedPostgresServer;
import io.pivotreport.test.OrphanReaper;
import io.pivotreport.test.PostgresAdmin;
import io.pivotreport.test.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code ./platform up}: keys, PostgreSQL, Kafka, then the services in order, each waited for; {@link #close()} stops
 * all of it in reverse order. Everything started is recorded in {@code .platform/state.properties} for
 * {@code status} and {@code down}.
 */
public final class Platform implements AutoCloseable, ServiceSpec.Context {

    private static final Logger LOG = Logger.getLogger(Platform.class.getName());
    static final Duration SERVICE_STOP_GRACE = Duration.ofSeconds(20);

    /**
     * Options of {@code up}.
     *
     * @param skipMissingServices start without services whose jar is not built
     * @param services            the services to start, in start order
     * @param extraProperties     per service name, properties written after (and so overriding) {@link ServiceSpec}'s:
     *                            how a system test or a benchmark shortens a grace period or points logs at a
     *                            receiver without a new launcher
     * @param startTogether       launch every service at once and then wait for each in order, instead of one after
     *                            the other: faster on a machine with idle cores (no service needs another to start)
     */
    public record Options(boolean skipMissingServices, List<ServiceSpec> services,
                          Map<String, Map<String, String>> extraProperties, boolean startTogether) {

        public Options {
            services = List.copyOf(services);
            Map<String, Map<String, String>> copy = new LinkedHashMap<>();
            extraProperties.forEach((service, props) -> copy.put(service, Map.copyOf(props)));
            extraProperties = Collections.unmodifiableMap(copy);
        }

        public Options(boolean skipMissingServices, List<ServiceSpec> services) {
            this(skipMissingServices, services, Map.of(), false);
        }

        public static Options all() {
            return new Options(false, ServiceSpec.START_ORDER);
        }

        /** These options plus {@code properties} for {@code service} (merged over any given before). */
        public Options withProperties(ServiceSpec service, Map<String, String> properties) {
            Map<String, Map<String, String>> merged = new LinkedHashMap<>(extraProperties);
            Map<String, String> forService = new LinkedHashMap<>(merged.getOrDefault(service.name(), Map.of()));
            forService.putAll(properties);
            merged.put(service.name(), forService);
            return new Options(skipMissingServices, services, merged, startTogether);
        }

        /** These options, launching all services at once. */
        public Options startingTogether() {
            return new Options(skipMissingServices, services, extraProperties, true);
        }

        /** Everything written for {@code service}: ServiceSpec's table, then the extra properties. */
        Map<String, String> propertiesOf(ServiceSpec service, ServiceSpec.Context context) {
            Map<String, String> all = new LinkedHashMap<>(service.properties(context));
            all.putAll(extraProperties.getOrDefault(service.name(), Map.of()));
            return all;
        }
    }

    private final Settings settings;
    private final Console console;
    private final Options options;
    private final Map<String, DatabaseInfo> databases = new LinkedHashMap<>();
    private final List<ServiceProcess> services = Collections.synchronizedList(new ArrayList<>());
    private final Properties state = new Properties();
    private DevKeys keys;
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker kafka;
    private String kafkaBootstrap;
    private String pgAdminUrl;
    private OrphanReaper serviceReaper;
    private volatile boolean closing;

    private Platform(Settings settings, Console console, Options options) {
        this.settings = settings;
        this.console = console;
        this.options = options;
    }

    /** Number of progress lines {@code up} prints. */
    public static int stepCount(Options options) {
        return 4 + options.services().size();
    }

    /** Starts everything; on failure stops what was started and throws a {@link LauncherException}. */
    public static Platform up(Settings settings, Console console, Options options) {
        Platform platform = create(settings, console, options);
        platform.start();
        return platform;
    }

    /** A platform not started yet: hand it to a shutdown hook first, then {@link #start()}. */
    public static Platform create(Settings settings, Console console, Options options) {
        return new Platform(settings, console, options);
    }

    /**
     * Starts everything in order. Safe against a concurrent {@link #close()} (Ctrl-C while starting): each step runs
     * under the platform's lock and is refused once closing began, so nothing is started after the clean-up.
     */
    public void start() {
        try {
            doStart();
        } catch (RuntimeException | Error e) {
            if (closing) {
                throw new LauncherException("stopped while starting (Ctrl-C or ./platform down)", e);
            }
            console.failed(e.getMessage() == null ? e.toString() : firstLine(e.getMessage()));
            close();
            if (e instanceof LauncherException) {
                throw e;
            }
            throw new LauncherException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private synchronized void step(String label) {
        if (closing) {
            throw new LauncherException("stopped while starting");
        }
        console.step(label);
    }

    private void doStart() {
        List<ServiceSpec> toStart = checkJars();

        step("Checking ports");
        checkPorts(toStart);
        console.done("free");

        step("Development keys");
        boolean[] created = new boolean[1];
        keys = DevKeys.ensure(settings.keysDir(), settings.javaExecutable(), created);
        console.done((created[0] ? "generated in " : "reused from ") + rel(settings.keysDir()));

        synchronized (this) {
            step("PostgreSQL");
            startPostgres();
        }
        synchronized (this) {
            step("Kafka");
            startKafka();
            saveState();
            serviceReaper = OrphanReaper.start("services", serviceReaperScript());
        }
        if (options.startTogether()) {
            synchronized (this) {
                if (closing) {
                    throw new LauncherException("stopped while starting");
                }
                for (ServiceSpec spec : options.services()) {
                    if (toStart.contains(spec)) {
                        launch(spec);
                    }
                }
            }
        }
        for (ServiceSpec spec : options.services()) {
            ServiceProcess service;
            synchronized (this) {
                step(spec.name());
                if (!toStart.contains(spec)) {
                    console.done("SKIPPED: " + rel(spec.jar(settings.home())) + " is missing");
                    continue;
                }
                service = options.startTogether() ? service(spec) : launch(spec);
            }
            service.awaitReady(settings.startTimeout());
            console.done("ready on " + spec.localUrl(this) + " (pid " + service.pid() + ")");
        }
    }

    private ServiceProcess launch(ServiceSpec spec) {
        ServiceProcess service = ServiceProcess.start(spec, settings, options.propertiesOf(spec, this),
                spec.readyUrl(this));
        services.add(service);
        state.setProperty("service." + spec.name() + ".pid", Long.toString(service.pid()));
        state.setProperty("service." + spec.name() + ".ready-url", service.readyUrl());
        state.setProperty("service." + spec.name() + ".log", service.logFile().toString());
        saveState();
        return service;
    }

    /**
     * Stops one running service (SIGTERM, then SIGKILL after the grace) and leaves the rest running: an outage of a
     * private service in a system test. {@link #startService} brings it back. Returns false if it was not running.
     */
    public boolean stopService(ServiceSpec spec) {
        ServiceProcess running;
        synchronized (this) {
            running = service(spec);
            if (running == null) {
                return false;
            }
            services.remove(running);
            state.remove("service." + spec.name() + ".pid");
            saveState();
        }
        running.stop(SERVICE_STOP_GRACE);
        return true;
    }

    /**
     * Starts a service stopped with {@link #stopService} again, with the same ports and properties, and waits until
     * it is ready. Fails if it is running already or the platform is closing.
     */
    public ServiceProcess startService(ServiceSpec spec) {
        ServiceProcess service;
        synchronized (this) {
            if (closing) {
                throw new LauncherException("the platform is stopping");
            }
            if (service(spec) != null) {
                throw new LauncherException(spec.name() + " is already running");
            }
            if (!options.services().contains(spec)) {
                throw new LauncherException(spec.name() + " is not part of this platform");
            }
            service = launch(spec);
        }
        service.awaitReady(settings.startTimeout());
        return service;
    }

    private ServiceProcess service(ServiceSpec spec) {
        synchronized (services) {
            return services.stream().filter(s -> s.spec().equals(spec)).findFirst().orElse(null);
        }
    }

    /** Missing service jars: an error, or (with --skip-missing) a warning and the service is left out. */
    private List<ServiceSpec> checkJars() {
        List<ServiceSpec> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ServiceSpec spec : options.services()) {
            if (Files.isRegularFile(spec.jar(settings.home()))) {
                present.add(spec);
            } else {
                missing.add(rel(spec.jar(settings.home())));
            }
        }
        if (!missing.isEmpty()) {
            if (!options.skipMissingServices()) {
                throw new LauncherException("missing service jar(s): " + String.join(", ", missing)
                        + "\n  build them: ./mvnw -q -DskipTests install   (./platform up builds what is missing)"
                        + "\n  or start without them: ./platform up --skip-missing");
            }
            console.warn("skipping services that are not built yet: " + String.join(", ", missing));
        }
        return present;
    }

    private void checkPorts(List<ServiceSpec> toStart) {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        if (settings.pgUrl() == null) {
            wanted.put(settings.pgPort(), "embedded PostgreSQL; set PIVOT_PG_PORT=<port>, or PIVOT_PG_URL to use a "
                    + "running server");
        }
        if (settings.kafkaBootstrap() == null) {
            wanted.put(settings.kafkaPort(), "embedded Kafka; set PIVOT_KAFKA_PORT=<port>, or PIVOT_KAFKA_BOOTSTRAP to "
                    + "use a running broker");
            wanted.put(settings.kafkaControllerPort(), "embedded Kafka controller; set PIVOT_KAFKA_CONTROLLER_PORT=<port>");
        }
        for (ServiceSpec spec : toStart) {
            wanted.merge(port(spec), spec.name() + "; set " + spec.portEnv() + "=<port>", (a, b) -> a + " / " + b);
            if (spec.hasManagement()) {
                wanted.merge(managementPort(spec), spec.name() + " management; set " + spec.managementPortEnv()
                        + "=<port>", (a, b) -> a + " / " + b);
            }
            if (spec.gateway()) {
                wanted.merge(settings.gatewayHttpsPort(), spec.name() + " HTTPS; set PIVOT_GATEWAY_HTTPS_PORT=<port>",
                        (a, b) -> a + " / " + b);
            }
        }
        List<String> busy = new ArrayList<>();
        wanted.forEach((port, what) -> {
            if (what.contains(" / ")) {
                busy.add("port " + port + " is wanted twice (" + what + ")");
            } else if (!Ports.isFree(port)) {
                busy.add("port " + port + " is in use (" + what + ")");
            }
        });
        if (!busy.isEmpty()) {
            throw new LauncherException(String.join("\n  ", busy)
                    + "\n  free it (`ss -ltnp 'sport = :<port>'` shows who holds it; `./platform down` stops a "
                    + "previous run) or choose another port as shown");
        }
    }

    private void startPostgres() {
        String url = settings.pgUrl();
        PostgresAdmin admin;
        String where;
        if (url != null) {
            admin = new PostgresAdmin(url, settings.pgUser(), settings.pgPassword());
            try (var c = admin.connectAdmin()) {
                c.isValid(5);
            } catch (Exception e) {
                throw new LauncherException("cannot connect to PIVOT_PG_URL=" + url + " as " + settings.pgUser() + ": "
                        + e.getMessage());
            }
            state.setProperty("pg.mode", "external");
            where = "external " + url;
        } else {
            boolean existed = Files.isRegularFile(settings.postgresDir().resolve("PG_VERSION"));
            if (EmbeddedPostgresServer.stopStalePostmaster(settings.postgresDir())) {
                console.warn("stopped a stale PostgreSQL left running by a previous run");
                console.step("PostgreSQL (again)");
            }
            postgres = EmbeddedPostgresServer.builder()
                    .dataDirectory(settings.postgresDir())
                    .persistent(true)
                    .serverConfig("synchronous_commit", "on") // zonky turns it off; these data are kept
                    .port(settings.pgPort())
                    .logFile(settings.logsDir().resolve("postgres.log"))
                    .build()
                    .start();
            admin = new PostgresAdmin(postgres.adminJdbcUrl(), EmbeddedPostgresServer.SUPERUSER, "");
            state.setProperty("pg.mode", "embedded");
            state.setProperty("pg.data", postgres.dataDirectory().toString());
            postgres.postmasterPid().ifPresent(pid -> state.setProperty("pg.pid", Long.toString(pid)));
            where = "embedded 127.0.0.1:" + postgres.port() + ", data " + rel(settings.postgresDir())
                    + (existed ? " (kept)" : " (new)");
        }
        pgAdminUrl = admin.admin().jdbcUrl();
        state.setProperty("pg.url", pgAdminUrl);
        List<String> names = new ArrayList<>();
        for (ServiceSpec spec : options.services()) {
            if (spec.database() != null) {
                databases.put(spec.database(), admin.ensureDatabase(spec.database(), spec.database(),
                        keys.databasePassword(spec.database()), false));
                names.add(spec.database());
            }
        }
        console.done("ready, " + where + (names.isEmpty() ? "" : "; databases " + String.join(", ", names)));
    }

    private void startKafka() {
        String bootstrap = settings.kafkaBootstrap();
        if (bootstrap != null) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
                admin.describeCluster().nodes().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new LauncherException("cannot reach Kafka at PIVOT_KAFKA_BOOTSTRAP=" + bootstrap + ": " + e);
            }
            kafkaBootstrap = bootstrap;
            state.setProperty("kafka.mode", "external");
            console.done("ready, external " + bootstrap);
        } else {
            boolean existed = Files.isDirectory(settings.kafkaDir().resolve("logs"));
            kafka = EmbeddedKafkaBroker.builder()
                    .dataDirectory(settings.kafkaDir())
                    .persistent(true)
                    .port(settings.kafkaPort())
                    .controllerPort(settings.kafkaControllerPort())
                    .build()
                    .start();
            kafkaBootstrap = kafka.bootstrapServers();
            state.setProperty("kafka.mode", "embedded");
            console.done("ready, embedded " + kafkaBootstrap + ", data " + rel(settings.kafkaDir())
                    + (existed ? " (kept)" : " (new)"));
        }
        state.setProperty("kafka.bootstrap", kafkaBootstrap);
    }

    /** If the launcher is SIGKILLed, its services must not live on. */
    private String serviceReaperScript() {
        String run = OrphanReaper.quote(settings.runDir().toString());
        return "for f in " + run + "/*/service.pid; do [ -f \"$f\" ] && kill -TERM $(cat \"$f\") 2>/dev/null; done; "
                + "sleep 20; for f in " + run + "/*/service.pid; do [ -f \"$f\" ] && kill -KILL $(cat \"$f\") "
                + "2>/dev/null; rm -f \"$f\"; done";
    }

    /** Services that died after they were ready (for the foreground loop to report). */
    public List<ServiceProcess> crashedServices() {
        List<ServiceProcess> crashed = new ArrayList<>();
        if (!closing) {
            synchronized (services) {
                for (ServiceProcess s : services) {
                    if (!s.isAlive()) {
                        crashed.add(s);
                    }
                }
            }
        }
        return crashed;
    }

    /** Stops services (reverse order: gateway first), then Kafka, then PostgreSQL. Idempotent. */
    @Override
    public void close() {
        closing = true; // before taking the lock: a step in progress sees it when it fails or ends
        doClose();
    }

    private synchronized void doClose() {
        List<ServiceProcess> reversed;
        synchronized (services) {
            reversed = new ArrayList<>(services);
            services.clear();
        }
        Collections.reverse(reversed);
        for (ServiceProcess s : reversed) {
            LOG.info("stopping " + s.spec().name());
            s.stop(SERVICE_STOP_GRACE);
        }
        if (serviceReaper != null) {
            serviceReaper.cancel();
            serviceReaper = null;
        }
        if (kafka != null) {
            LOG.info("stopping Kafka");
            try {
                kafka.close();
            } catch (RuntimeException e) {
                LOG.warning("Kafka stop failed: " + e);
            }
            kafka = null;
        }
        if (postgres != null) {
            LOG.info("stopping PostgreSQL");
            try {
                postgres.close();
            } catch (RuntimeException e) {
                LOG.warning("PostgreSQL stop failed: " + e);
            }
            postgres = null;
        }
        try {
            Files.deleteIfExists(settings.stateFile());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private void saveState() {
        state.setProperty("launcher.pid", Long.toString(ProcessHandle.current().pid()));
        try {
            Files.createDirectories(settings.stateDir());
            try (OutputStream out = Files.newOutputStream(settings.stateFile())) {
                state.store(out, "./platform up: what is running (read by status and down)");
            }
        } catch (IOException e) {
            LOG.warning("cannot write " + settings.stateFile() + ": " + e);
        }
    }

    /** The summary printed once everything is ready. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        boolean gatewayRunning = services.stream().anyMatch(s -> s.spec().gateway());
        if (gatewayRunning) {
            String https = "https://localhost:" + settings.gatewayHttpsPort();
            sb.append("Gateway:     ").append(https).append("   (HTTP ").append(ServiceSpec.GATEWAY.localUrl(this))
                    .append(", self-signed development certificate ").append(rel(keys.gatewayTlsCertPem()))
                    .append(")\n");
            sb.append("Descriptor:  ").append(https).append("/atlassian-connect.json\n");
        } else {
            sb.append("Gateway:     not started\n");
        }
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            if (!spec.gateway()) {
                boolean running = services.stream().anyMatch(s -> s.spec().equals(spec));
                sb.append(String.format("%-12s %s%n", spec.name().replace("-service", "") + ":",
                        running ? spec.localUrl(this) : "not started"));
            }
        }
        sb.append("PostgreSQL:  ").append(pgAdminUrl).append('\n');
        sb.append("Kafka:       ").append(kafkaBootstrap).append('\n');
        sb.append("Logs:        ").append(settings.logsDir()).append("/<service>.log\n");
        sb.append("Stop:        Ctrl-C here, or ./platform down from another shell");
        return sb.toString();
    }

    // ---- ServiceSpec.Context

    @Override
    public int port(ServiceSpec service) {
        return settings.port(service.portEnv(), service.defaultPort());
    }

    @Override
    public String otlpEndpoint() {
        return settings.get("PIVOT_OTLP_ENDPOINT");
    }

    @Override
    public int managementPort(ServiceSpec service) {
        return settings.port(service.managementPortEnv(), service.managementDefaultPort());
    }

    @Override
    public String host(ServiceSpec service) {
        return service.gateway() ? settings.gatewayHost() : "127.0.0.1";
    }

    @Override
    public int gatewayHttpsPort() {
        return settings.gatewayHttpsPort();
    }

    @Override
    public DevKeys keys() {
        return keys;
    }

    @Override
    public DatabaseInfo database(String name) {
        DatabaseInfo info = databases.get(name);
        if (info == null) {
            throw new IllegalStateException("no database " + name);
        }
        return info;
    }

    @Override
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public Settings settings() {
        return settings;
    }

    public List<ServiceProcess> services() {
        synchronized (services) {
            return List.copyOf(services);
        }
    }

    public EmbeddedPostgresServer embeddedPostgres() {
        return postgres;
    }

    public EmbeddedKafkaBroker embeddedKafka() {
        return kafka;
    }

    private String rel(Path path) {
        Path abs = path.toAbsolutePath();
        return abs.startsWith(settings.home()) ? settings.home().relativize(abs).toString() : abs.toString();
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
