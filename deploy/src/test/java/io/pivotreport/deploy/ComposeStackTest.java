package io.pivotreport.deploy;

import io.pivotreport.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose stack keeps the policy's promises (P9: only HTTPS is exposed, private stays private; P7: backups) and
 * starts in a health-gated order. No Docker engine here, so the YAML itself is checked the way compose reads it
 * (anchors and merge keys resolved).
 */
class ComposeStackTest {

    private static final Set<String> OUR_SERVICES =
            Set.of("gateway-service", "license-service", "report-service", "analytics-service");
    private static final Map<String, String> DATABASE_OF = Map.of(
            "license-service", "license-db", "report-service", "report-db", "analytics-service", "analytics-db");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|KEY|TOKEN|CREDENTIAL).*");
    private static final Pattern INTERPOLATION = Pattern.compile("^\\$\\{[A-Z0-9_]+(:?[-?][^}]*)?}$");

    private static Path composeDir;
    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    static void load() {
        composeDir = DeployTree.deploy().resolve("compose");
        compose = Yamls.load(composeDir.resolve("compose.yaml"));
        services = Yamls.map(compose, "services");
    }

    @Test
    void onlyTheGatewayAndGrafanaPublishPorts() {
        Set<String> publishing = services.keySet().stream()
                .filter(name -> !Yamls.list(services.get(name), "ports").isEmpty() || hasExpose(name))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("gateway-service", "grafana")), publishing);
        assertEquals(List.of("8443"), containerPorts("gateway-service"), "the gateway publishes its TLS port only");
        assertEquals(List.of("3000"), containerPorts("grafana"));
    }

    @Test
    void grafanaIsPublishedOnLoopbackByDefaultAndServedOverHttps() {
        String mapping = String.valueOf(Yamls.<List<Object>>at(services.get("grafana"), "ports").get(0));
        assertTrue(mapping.startsWith("${GRAFANA_PUBLISH_ADDRESS:-127.0.0.1}:"), mapping);
        assertEquals("https", Yamls.string(services.get("grafana"), "environment.GF_SERVER_PROTOCOL"));
        assertEquals("false", Yamls.string(services.get("grafana"), "environment.GF_AUTH_ANONYMOUS_ENABLED"));
        assertNotNull(Yamls.string(services.get("gateway-service"), "environment.QUARKUS_HTTP_SSL_CERTIFICATE_FILES"));
    }

    @Test
    void privateServicesDatabasesAndKafkaSitOnlyOnInternalNetworks() {
        List<String> privateOnes = new ArrayList<>(List.of("license-service", "report-service", "analytics-service",
                "license-db", "report-db", "analytics-db", "kafka", "kafka-topics", "prometheus", "loki",
                "otel-collector", "tempo", "pushgateway", "backup"));
        for (String name : privateOnes) {
            List<String> networks = networksOf(name);
            assertFalse(networks.isEmpty(), name + " must name its networks (never the default network)");
            for (String network : networks) {
                assertEquals(Boolean.TRUE, Yamls.at(compose, "networks." + network + ".internal"),
                        name + " is on network " + network + ", which is not internal");
            }
        }
        // The gateway and Grafana are the only services on a network with a way out and in.
        Set<String> onEdge = services.keySet().stream().filter(s -> networksOf(s).contains("edge"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("gateway-service", "grafana"), onEdge);
    }

    @Test
    void eachDatabaseSharesANetworkOnlyWithItsOwnServiceAndTheBackupJob() {
        DATABASE_OF.forEach((service, database) -> {
            for (String network : networksOf(database)) {
                Set<String> members = services.keySet().stream().filter(s -> networksOf(s).contains(network))
                        .collect(Collectors.toSet());
                assertEquals(Set.of(service, database, "backup"), members, "members of " + network);
            }
            String url = Yamls.string(services.get(service), "environment.QUARKUS_DATASOURCE_JDBC_URL");
            assertTrue(url.startsWith("jdbc:postgresql://" + database + ":5432/"), url);
        });
        assertFalse(services.keySet().stream().anyMatch(s -> s.startsWith("gateway") && s.endsWith("-db")),
                "the gateway has no database");
    }

    @Test
    void startUpIsHealthGated() {
        for (String name : services.keySet()) {
            Map<String, Object> dependsOn = Yamls.map(services.get(name), "depends_on");
            dependsOn.forEach((dependency, spec) -> {
                assertTrue(services.containsKey(dependency), name + " depends on unknown " + dependency);
                String condition = Yamls.string(spec, "condition");
                assertNotNull(condition, name + " -> " + dependency + " needs a condition");
                if ("service_healthy".equals(condition)) {
                    assertNotNull(Yamls.at(services.get(dependency), "healthcheck.test"),
                            dependency + " is waited for as healthy but has no healthcheck");
                }
            });
        }
        for (String service : OUR_SERVICES) {
            assertNotNull(Yamls.at(services.get(service), "healthcheck.test"), service + " has no healthcheck");
            List<Object> test = Yamls.at(services.get(service), "healthcheck.test");
            assertTrue(test.contains("http://127.0.0.1:" + healthPort(service) + "/q/health/ready"),
                    service + " healthcheck must probe its own readiness endpoint: " + test);
        }
        DATABASE_OF.forEach((service, database) -> {
            assertEquals("service_healthy", condition(service, database));
            assertNotNull(Yamls.at(services.get(database), "healthcheck.test"));
        });
        for (String privateService : DATABASE_OF.keySet()) {
            assertEquals("service_healthy", condition("gateway-service", privateService));
        }
        for (String service : OUR_SERVICES) {
            assertEquals("service_completed_successfully", condition(service, "kafka-topics"));
        }
        assertEquals("service_healthy", condition("kafka-topics", "kafka"));
    }

    @Test
    void ourServicesRunAsNonRootOnReadOnlyFileSystemsWithoutCapabilities() {
        for (String name : OUR_SERVICES) {
            Object service = services.get(name);
            assertEquals("10001:10001", Yamls.string(service, "user"), name);
            assertEquals(Boolean.TRUE, Yamls.at(service, "read_only"), name);
            assertEquals(List.of("ALL"), Yamls.at(service, "cap_drop"), name);
            assertTrue(Yamls.<List<Object>>at(service, "security_opt").contains("no-new-privileges:true"), name);
            assertTrue(Yamls.<List<Object>>at(service, "tmpfs").contains("/tmp"), name + " needs a writable /tmp");
        }
        for (String name : DATABASE_OF.keySet()) {
            assertEquals("0.0.0.0", Yamls.string(services.get(name), "environment.QUARKUS_HTTP_HOST"),
                    name + " binds 127.0.0.1 by default, unreachable from the gateway's container");
        }
    }

    @Test
    void noSecretValueIsWrittenInTheComposeFile() {
        for (String name : services.keySet()) {
            Map<String, Object> env = Yamls.map(services.get(name), "environment");
            env.forEach((key, value) -> {
                if (!SECRET_NAME.matcher(key).matches() || key.endsWith("_KEY_ID")) {
                    return; // a key id names a key, it is not one
                }
                String text = String.valueOf(value);
                boolean fromEnvFile = INTERPOLATION.matcher(text).matches() && !text.contains(":-");
                boolean fileReference = text.startsWith("/run/secrets/");
                assertTrue(fromEnvFile || fileReference,
                        name + "." + key + " must come from .env (${VAR:?...}) or a /run/secrets file");
            });
        }
        Map<String, Object> secrets = Yamls.map(compose, "secrets");
        assertFalse(secrets.isEmpty());
        secrets.forEach((name, spec) -> assertTrue(Yamls.string(spec, "file").startsWith("./secrets/"),
                "secret " + name + " must live in the gitignored ./secrets"));
        List<String> ignored = DeployTree.read(composeDir.resolve(".gitignore")).lines().map(String::trim).toList();
        assertTrue(ignored.contains(".env"), ".env must be gitignored");
        assertTrue(ignored.contains("secrets/*"), "secrets/ must be gitignored");
    }

    @Test
    void envExampleNamesEveryRequiredVariableAndHoldsNoSecretValue() {
        Map<String, String> example = new LinkedHashMap<>();
        DeployTree.read(composeDir.resolve(".env.example")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> example.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(DeployTree.read(composeDir.resolve("compose.yaml")));
        Set<String> requiredNames = new TreeSet<>();
        while (required.find()) {
            requiredNames.add(required.group(1));
        }
        assertFalse(requiredNames.isEmpty());
        for (String name : requiredNames) {
            assertTrue(example.containsKey(name), ".env.example lacks " + name);
        }
        example.forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches() && !name.endsWith("_KEY_ID")) {
                assertEquals("", value, ".env.example must leave " + name + " empty");
            }
        });
    }

    @Test
    void mountedFilesExistOrBelongToTheObservabilityContract() {
        Set<String> observabilityContract = Set.of(
                "../observability/loki/loki.yaml",
                "../observability/prometheus/rules",
                "../observability/alertmanager/alertmanager.yml",
                "../observability/grafana/provisioning",
                "../observability/grafana/dashboards",
                "../observability/otel/collector.yml",
                "../observability/loki/rules");
        Set<String> seenContract = new HashSet<>();
        String generator = DeployTree.read(composeDir.resolve("generate-dev-secrets.sh"));
        for (String name : services.keySet()) {
            for (Object volume : Yamls.<List<Object>>at(services.get(name), "volumes") == null ? List.of()
                    : Yamls.<List<Object>>at(services.get(name), "volumes")) {
                String source = String.valueOf(volume).split(":")[0];
                if (!source.startsWith(".")) {
                    assertTrue(Yamls.map(compose, "volumes").containsKey(source) || source.startsWith("${"),
                            name + " mounts undeclared volume " + source);
                    continue;
                }
                if (source.startsWith("./secrets/")) {
                    assertTrue(generator.contains(source.substring("./".length())), name + " mounts " + source
                            + ", which generate-dev-secrets.sh does not write");
                    continue;
                }
                if (source.startsWith("../observability/")) {
                    assertTrue(observabilityContract.contains(source), name + " mounts " + source
                            + ", which is not in the documented observability contract (deploy/README.md)");
                    seenContract.add(source);
                } else {
                    assertTrue(Files.exists(composeDir.resolve(source).normalize()), name + " mounts missing " + source);
                }
            }
        }
        assertEquals(observabilityContract, seenContract);
        observabilityContract.forEach(path -> assertTrue(Files.exists(composeDir.resolve(path).normalize()),
                "deploy/observability no longer provides " + path));
        String readme = DeployTree.read(DeployTree.deploy().resolve("README.md"));
        observabilityContract.forEach(path -> assertTrue(readme.contains(path.replace("../", "deploy/")),
                "deploy/README.md must list " + path));
    }

    @Test
    void theDevelopmentSecretGeneratorProvidesEverySecretAndRequiredVariable(@TempDir Path scratch) throws IOException {
        Commands.run(List.of("bash", DeployTree.deploy().resolve("backup/install-tools.sh").toString()), Map.of(),
                Duration.ofMinutes(8)).assertSuccess("install-tools.sh (age-keygen)");
        Path copy = scratch.resolve("compose");
        Files.createDirectories(copy);
        for (String file : List.of("generate-dev-secrets.sh", ".env.example")) {
            Files.copy(composeDir.resolve(file), copy.resolve(file));
        }
        Commands.run(List.of("bash", copy.resolve("generate-dev-secrets.sh").toString()), Map.of(),
                Duration.ofMinutes(2)).assertSuccess("generate-dev-secrets.sh");

        Yamls.map(compose, "secrets").forEach((name, spec) -> {
            Path file = copy.resolve(Yamls.string(spec, "file")).normalize();
            assertTrue(Files.isRegularFile(file), "secret " + name + " was not generated: " + file);
        });
        Map<String, String> env = new LinkedHashMap<>();
        DeployTree.read(copy.resolve(".env")).lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        Matcher required = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(DeployTree.read(composeDir.resolve("compose.yaml")));
        while (required.find()) {
            assertFalse(env.getOrDefault(required.group(1), "").isBlank(), required.group(1) + " left empty in .env");
        }
        String encryption = DeployTree.read(copy.resolve("secrets/license-encryption.properties"));
        Matcher key = Pattern.compile("(?m)^pivot\\.license\\.encryption\\.keys\\.k1=(\\S+)$").matcher(encryption);
        assertTrue(key.find() && encryption.contains("pivot.license.encryption.active-key-id=k1"), encryption);
        assertEquals(32, Base64.getDecoder().decode(key.group(1)).length, "AES-256 needs 32 bytes");
        assertTrue(DeployTree.read(copy.resolve("secrets/internal-jwt-private.pem")).contains("PRIVATE KEY"));
        assertTrue(DeployTree.read(copy.resolve("secrets/backup-age-recipients.txt")).startsWith("age1"),
                "backups are encrypted to an age public key");
    }

    @Test
    void prometheusScrapesEveryServiceAndTheBackupHeartbeat() {
        Map<String, Object> prometheus = Yamls.load(composeDir.resolve("prometheus/prometheus.yml"));
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        Yamls.list(prometheus, "scrape_configs").forEach(job -> jobs.put(Yamls.string(job, "job_name"), job));
        for (String service : OUR_SERVICES) {
            Map<String, Object> job = jobs.get(service);
            assertNotNull(job, "no scrape job for " + service);
            assertEquals("/q/metrics", Yamls.string(job, "metrics_path"));
            assertEquals(List.of(service + ":" + healthPort(service)),
                    Yamls.at(Yamls.list(job, "static_configs").get(0), "targets"));
        }
        assertEquals(Boolean.TRUE, Yamls.at(jobs.get("pushgateway"), "honor_labels"),
                "the backup heartbeat's {database} label must survive the scrape");
        assertEquals(List.of("/etc/prometheus/rules/*.yml"), Yamls.at(prometheus, "rule_files"));
        assertTrue(Yamls.<List<Object>>at(services.get("prometheus"), "volumes")
                .contains("../observability/prometheus/rules:/etc/prometheus/rules:ro"));
        assertEquals("http://pushgateway:9091", Yamls.string(services.get("backup"), "environment.PUSHGATEWAY_URL"));
    }

    @Test
    void everyTopicOfThePlatformIsCreatedBeforeTheServicesStart() throws IllegalAccessException {
        String script = DeployTree.read(composeDir.resolve("kafka/create-topics.sh"));
        List<String> topics = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().endsWith("_HEADER")) {
                topics.add((String) field.get(null));
            }
        }
        assertFalse(topics.isEmpty());
        for (String topic : topics) {
            assertTrue(Pattern.compile("(?m)^create " + Pattern.quote(topic) + "\\s").matcher(script).find(),
                    "create-topics.sh does not create " + topic);
        }
        assertEquals("false", Yamls.string(services.get("kafka"), "environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE"));
        assertEquals("1", Yamls.string(services.get("kafka"), "environment.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"));
    }

    @Test
    void everyYamlFileOfTheComposeFolderParses() {
        List<Path> files = DeployTree.filesEndingWith(composeDir, ".yaml", ".yml");
        assertTrue(files.size() >= 3, "compose.yaml, prometheus.yml and tempo.yaml at least: " + files);
        files.forEach(f -> assertFalse(Yamls.load(f).isEmpty(), f + " is empty"));
    }

    @Test
    void everyHostTheMountedObservabilityConfigsTalkToIsAServiceOnASharedNetwork() {
        Map<String, Object> collector = Yamls.load(composeDir.resolve("../observability/otel/collector.yml").normalize());
        List<String> exporters = new ArrayList<>();
        Yamls.map(collector, "service.pipelines").values()
                .forEach(p -> Yamls.<List<Object>>at(p, "exporters").forEach(e -> exporters.add(String.valueOf(e))));
        for (String exporter : exporters) {
            String endpoint = Yamls.string(Yamls.map(collector, "exporters").get(exporter), "endpoint");
            if (endpoint != null && !endpoint.startsWith("0.0.0.0")) {
                assertReachable("otel-collector", endpoint.replaceFirst("^https?://", "").split(":")[0]);
            }
        }
        Map<String, Object> datasources = Yamls.load(
                composeDir.resolve("../observability/grafana/provisioning/datasources/datasources.yml").normalize());
        List<Map<String, Object>> sources = Yamls.list(datasources, "datasources");
        assertFalse(sources.isEmpty());
        for (Map<String, Object> source : sources) {
            String host = String.valueOf(source.get("url")).replaceFirst("^https?://", "").split("[:/]")[0];
            assertReachable("grafana", host);
        }
        String lokiAlertmanager = Yamls.string(Yamls.load(composeDir.resolve("../observability/loki/loki.yaml").normalize()),
                "ruler.alertmanager_url");
        assertReachable("loki", lokiAlertmanager.replaceFirst("^https?://", "").split("[:/]")[0]);
        for (Object target : Yamls.<List<Object>>at(Yamls.list(Yamls.load(composeDir.resolve(
                "prometheus/prometheus.yml")), "alerting.alertmanagers").get(0), "static_configs")) {
            Yamls.<List<Object>>at(target, "targets")
                    .forEach(t -> assertReachable("prometheus", String.valueOf(t).split(":")[0]));
        }
    }

    private static void assertReachable(String client, String host) {
        assertTrue(services.containsKey(host), client + " talks to " + host + ", which is not a compose service");
        Set<String> shared = new HashSet<>(networksOf(client));
        shared.retainAll(networksOf(host));
        assertFalse(shared.isEmpty(), client + " and " + host + " share no network");
    }

    /** Where health and metrics are served: the management interface when the service enables it, else its HTTP port. */
    private static String healthPort(String service) {
        String management = Yamls.string(services.get(service), "environment.QUARKUS_MANAGEMENT_PORT");
        return management != null ? management : Yamls.string(services.get(service), "environment.QUARKUS_HTTP_PORT");
    }

    private static boolean hasExpose(String service) {
        return Yamls.at(services.get(service), "expose") != null;
    }

    private static List<String> containerPorts(String service) {
        return Yamls.<List<Object>>at(services.get(service), "ports").stream()
                .map(String::valueOf)
                .map(p -> p.substring(p.lastIndexOf(':') + 1))
                .toList();
    }

    private static List<String> networksOf(String service) {
        Object networks = Yamls.at(services.get(service), "networks");
        if (networks instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (networks instanceof Map<?, ?> map) {
            return map.keySet().stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static String condition(String service, String dependency) {
        return Yamls.string(Yamls.map(services.get(service), "depends_on").get(dependency), "condition");
    }
}
