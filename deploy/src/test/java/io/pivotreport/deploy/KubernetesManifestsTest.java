package io.pivotreport.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kustomization under deploy/k8s, rendered by the real kustomize, keeps the platform's deployment invariants:
 * private stays private (P8, P9), every pod is non-root, read-only and probed, no secret is inlined, every database
 * is backed up daily (P7), and each service deploys on its own.
 */
class KubernetesManifestsTest {

    private static final List<String> PRIVATE_SERVICES = List.of("license", "report", "analytics");
    private static final List<String> UNITS = List.of("platform", "gateway", "license", "report", "analytics");
    private static final Map<String, Integer> PORT_OF = Map.of(
            "gateway-service", 8080, "license-service", 8081, "report-service", 8082, "analytics-service", 8083);
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|KEY|TOKEN|CREDENTIAL).*");
    /** Third-party containers that cannot run on a read-only root file system, with the reason in their manifest. */
    private static final Set<String> WRITABLE_ROOT_EXCEPTIONS = Set.of("kafka");

    /** Relative directory (e.g. "license", "overlays/production/gateway") to its rendered objects. */
    private static final Map<String, List<Map<String, Object>>> RENDERED = new TreeMap<>();

    @BeforeAll
    static synchronized void renderAll() throws IOException {
        if (!RENDERED.isEmpty()) {
            return; // rendered already for the parameter source
        }
        Path k8s = DeployTree.deploy().resolve("k8s");
        try (Stream<Path> walk = Files.walk(k8s)) {
            for (Path file : walk.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList()) {
                Path dir = file.getParent();
                RENDERED.put(k8s.relativize(dir).toString(), Kustomize.render(dir));
            }
        }
    }

    static Stream<String> kustomizations() throws IOException {
        renderAll();
        return RENDERED.keySet().stream();
    }

    @Test
    void everyServiceAndThePlatformHasABaseAndAStagingAndProductionOverlay() {
        Set<String> expected = new TreeSet<>();
        for (String unit : UNITS) {
            expected.add(unit);
            expected.add("overlays/staging/" + unit);
            expected.add("overlays/production/" + unit);
        }
        assertEquals(expected, RENDERED.keySet());
        RENDERED.forEach((dir, objects) -> assertFalse(objects.isEmpty(), dir + " renders nothing"));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void workloadsAreProbedSizedAndLockedDown(String dir) {
        for (Map<String, Object> workload : workloads(dir)) {
            String what = dir + ": " + kind(workload) + "/" + name(workload);
            Map<String, Object> pod = podSpec(workload);
            assertEquals(Boolean.FALSE, pod.get("automountServiceAccountToken"), what + " mounts an API token");
            assertNotEquals(Boolean.TRUE, pod.get("hostNetwork"), what);
            assertNotEquals(Boolean.TRUE, pod.get("hostPID"), what);
            assertNotEquals(Boolean.TRUE, pod.get("hostIPC"), what);
            assertEquals(Boolean.TRUE, Yamls.at(pod, "securityContext.runAsNonRoot"), what + " runAsNonRoot");
            assertEquals("RuntimeDefault", Yamls.string(pod, "securityContext.seccompProfile.type"), what);
            assertNotEquals(0, Yamls.<Object>at(pod, "securityContext.runAsUser"), what + " runs as root");
            assertNotNull(Yamls.at(pod, "securityContext.runAsUser"), what + " needs a numeric runAsUser");
            Map<String, Map<String, Object>> volumes = volumes(pod);
            volumes.values().forEach(v -> assertNull(v.get("hostPath"), what + " mounts a host path"));

            for (Map<String, Object> container : containers(pod)) {
                String c = what + " container " + container.get("name");
                assertEquals(Boolean.FALSE, Yamls.at(container, "securityContext.allowPrivilegeEscalation"), c);
                assertNotEquals(Boolean.TRUE, Yamls.at(container, "securityContext.privileged"), c);
                assertEquals(List.of("ALL"), Yamls.at(container, "securityContext.capabilities.drop"), c);
                assertNull(Yamls.at(container, "securityContext.capabilities.add"), c);
                Object readOnly = Yamls.at(container, "securityContext.readOnlyRootFilesystem");
                if (WRITABLE_ROOT_EXCEPTIONS.contains(String.valueOf(container.get("name")))) {
                    assertEquals(Boolean.FALSE, readOnly, c + " is a declared exception: say so explicitly");
                } else {
                    assertEquals(Boolean.TRUE, readOnly, c + " readOnlyRootFilesystem");
                    assertTrue(mountsEmptyDir(container, volumes, "/tmp"), c + " needs an emptyDir at /tmp");
                }
                Yamls.list(container, "ports").forEach(p -> assertNull(p.get("hostPort"), c + " uses a hostPort"));
                assertNotNull(Yamls.at(container, "resources.requests.cpu"), c + " requests.cpu");
                assertNotNull(Yamls.at(container, "resources.requests.memory"), c + " requests.memory");
                assertNotNull(Yamls.at(container, "resources.limits.memory"), c + " limits.memory");
                if (!"CronJob".equals(kind(workload))) {
                    assertNotNull(container.get("livenessProbe"), c + " livenessProbe");
                    assertNotNull(container.get("readinessProbe"), c + " readinessProbe");
                }
                String image = String.valueOf(container.get("image"));
                if (image.startsWith("pivotreport/") && !image.startsWith("pivotreport/pg-backup")) {
                    assertEquals("/q/health/live", Yamls.string(container, "livenessProbe.httpGet.path"), c);
                    assertEquals("/q/health/ready", Yamls.string(container, "readinessProbe.httpGet.path"), c);
                    assertEquals("0.0.0.0", envValue(container, "QUARKUS_HTTP_HOST"),
                            c + " must bind all interfaces in a pod (private services default to 127.0.0.1)");
                    assertEquals(10001, Yamls.<Object>at(pod, "securityContext.runAsUser"), c + " runs as 10001");
                }
                assertFalse(image.endsWith(":latest"), c + " uses :latest");
                assertTrue(image.contains(":"), c + " has no tag: " + image);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void noSecretIsInlined(String dir) {
        for (Map<String, Object> object : RENDERED.get(dir)) {
            if ("Secret".equals(kind(object))) {
                assertNull(object.get("data"), dir + ": Secret " + name(object) + " carries data");
                assertNull(object.get("stringData"), dir + ": Secret " + name(object) + " carries stringData");
            }
            if ("ConfigMap".equals(kind(object))) {
                Yamls.map(object, "data").forEach((key, value) -> assertFalse(
                        String.valueOf(value).matches("(?s).*-----BEGIN [A-Z ]*PRIVATE KEY-----.*"),
                        dir + ": ConfigMap " + name(object) + " holds a private key in " + key));
            }
        }
        for (Map<String, Object> workload : workloads(dir)) {
            Map<String, Object> pod = podSpec(workload);
            Map<String, Map<String, Object>> volumes = volumes(pod);
            for (Map<String, Object> container : containers(pod)) {
                for (Map<String, Object> env : Yamls.list(container, "env")) {
                    String envName = String.valueOf(env.get("name"));
                    String where = dir + ": " + name(workload) + " env " + envName;
                    Object configMapRef = Yamls.at(env, "valueFrom.configMapKeyRef");
                    if (!SECRET_NAME.matcher(envName).matches() || envName.endsWith("_KEY_ID")) {
                        continue;
                    }
                    assertNull(configMapRef, where + " must come from a Secret, not a ConfigMap");
                    if (env.containsKey("value")) {
                        // Allowed only for a path to a file of a mounted Secret (key locations, TLS key files).
                        assertTrue(envName.matches(".*_(LOCATION|FILE|FILES|PATH)$"), where + " has an inline value");
                        String path = String.valueOf(env.get("value"));
                        assertTrue(isInSecretMount(container, volumes, path),
                                where + " points at " + path + ", which is not inside a mounted Secret");
                    } else {
                        assertNotNull(Yamls.at(env, "valueFrom.secretKeyRef.name"), where + " needs a secretKeyRef");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void servicesStayInsideTheClusterAndOnlyTheGatewayHasAnIngress(String dir) {
        for (Map<String, Object> object : RENDERED.get(dir)) {
            if ("Service".equals(kind(object))) {
                String type = Objects.toString(Yamls.at(object, "spec.type"), "ClusterIP");
                assertEquals("ClusterIP", type, dir + ": Service " + name(object) + " is exposed as " + type);
                assertNull(Yamls.at(object, "spec.externalIPs"), dir + ": " + name(object));
            }
        }
        List<Map<String, Object>> ingresses = ofKind(dir, "Ingress");
        if (!dir.endsWith("gateway")) {
            assertTrue(ingresses.isEmpty(), dir + " must not have an Ingress: only the gateway is public");
            return;
        }
        assertEquals(1, ingresses.size(), dir);
        Map<String, Object> ingress = ingresses.get(0);
        Map<String, Object> annotations = Yamls.map(ingress, "metadata.annotations");
        assertEquals("true", annotations.get("nginx.ingress.kubernetes.io/force-ssl-redirect"));
        assertEquals("HTTPS", annotations.get("nginx.ingress.kubernetes.io/backend-protocol"),
                "the hop from the ingress controller to the gateway stays encrypted");
        List<Map<String, Object>> tls = Yamls.list(ingress, "spec.tls");
        assertFalse(tls.isEmpty(), dir + ": the Ingress terminates TLS");
        Set<Object> tlsHosts = tls.stream().flatMap(t -> Yamls.<List<Object>>at(t, "hosts").stream())
                .collect(Collectors.toSet());
        for (Map<String, Object> rule : Yamls.list(ingress, "spec.rules")) {
            assertTrue(tlsHosts.contains(rule.get("host")), dir + ": host " + rule.get("host") + " lacks TLS");
            for (Map<String, Object> path : Yamls.list(rule, "http.paths")) {
                assertEquals("gateway-service", Yamls.string(path, "backend.service.name"));
                assertEquals("https", Yamls.string(path, "backend.service.port.name"));
                assertFalse(String.valueOf(path.get("path")).contains("q/"), "/q/* must stay internal");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyPodIsSelectedByANetworkPolicyOfItsOwnUnit(String dir) {
        List<Map<String, Object>> policies = ofKind(dir, "NetworkPolicy");
        for (Map<String, Object> workload : workloads(dir)) {
            Map<String, Object> labels = Yamls.map(workload, kind(workload).equals("CronJob")
                    ? "spec.jobTemplate.spec.template.metadata.labels" : "spec.template.metadata.labels");
            boolean selected = policies.stream()
                    .filter(p -> Yamls.<List<Object>>at(p, "spec.policyTypes").contains("Ingress"))
                    .anyMatch(p -> !Yamls.map(p, "spec.podSelector").isEmpty()
                            && selects(Yamls.map(p, "spec.podSelector"), labels));
            assertTrue(selected, dir + ": no NetworkPolicy of its own selects " + name(workload));
        }
    }

    @Test
    void thePlatformDeniesAllTrafficByDefaultAndEnforcesRestrictedPods() {
        for (String dir : List.of("platform", "overlays/staging/platform", "overlays/production/platform")) {
            Map<String, Object> deny = ofKind(dir, "NetworkPolicy").stream()
                    .filter(p -> Yamls.map(p, "spec.podSelector").isEmpty() && Yamls.at(p, "spec.ingress") == null
                            && Yamls.at(p, "spec.egress") == null)
                    .findFirst().orElse(null);
            assertNotNull(deny, dir + " lacks a default-deny NetworkPolicy");
            assertEquals(List.of("Ingress", "Egress"), Yamls.at(deny, "spec.policyTypes"));
            Map<String, Object> namespace = ofKind(dir, "Namespace").get(0);
            assertEquals("restricted",
                    Yamls.map(namespace, "metadata.labels").get("pod-security.kubernetes.io/enforce"));
            String expectedNamespace = dir.contains("staging") ? "pivot-report-staging" : "pivot-report";
            assertEquals(expectedNamespace, name(namespace));
        }
    }

    @Test
    void privateServicesAcceptTrafficOnlyFromTheGatewayAndPrometheus() {
        for (String service : PRIVATE_SERVICES) {
            for (String dir : List.of(service, "overlays/staging/" + service, "overlays/production/" + service)) {
                String app = service + "-service";
                Map<String, Object> policy = policyFor(dir, app);
                List<Map<String, Object>> rules = Yamls.list(policy, "spec.ingress");
                assertFalse(rules.isEmpty(), dir);
                for (Map<String, Object> rule : rules) {
                    assertPortsAre(rule, PORT_OF.get(app), dir + " " + app);
                    List<Map<String, Object>> peers = Yamls.list(rule, "from");
                    assertFalse(peers.isEmpty(), dir + ": an ingress rule without 'from' admits everyone");
                    for (Map<String, Object> peer : peers) {
                        boolean gateway = peer.get("namespaceSelector") == null
                                && Map.of("app.kubernetes.io/name", "gateway-service")
                                        .equals(Yamls.map(peer, "podSelector.matchLabels"));
                        assertTrue(gateway || isPrometheus(peer), dir + ": " + app + " admits " + peer);
                    }
                }
                assertNoOtherPolicyAdmits(dir, app);
            }
        }
    }

    @Test
    void prometheusIsToldWhereEachServiceServesMetricsAndMayReachIt() {
        for (String unit : List.of("gateway", "license", "report", "analytics")) {
            String app = unit + "-service";
            Map<String, Object> service = ofKind(unit, "Service").stream().filter(s -> app.equals(name(s)))
                    .findFirst().orElseThrow();
            Map<String, Object> annotations = Yamls.map(service, "metadata.annotations");
            assertEquals("true", annotations.get("prometheus.io/scrape"), app);
            assertEquals("/q/metrics", annotations.get("prometheus.io/path"), app);
            int port = Integer.parseInt(String.valueOf(annotations.get("prometheus.io/port")));
            Map<String, Object> container = containers(podSpec(ofKind(unit, "Deployment").get(0))).get(0);
            Object probePort = Yamls.at(container, "readinessProbe.httpGet.port");
            int healthPort = probePort instanceof Number n ? n.intValue() : containerPort(container, String.valueOf(probePort));
            assertEquals(port, healthPort, app + ": metrics live beside the health endpoints");
            boolean prometheusAdmitted = Yamls.list(policyFor(unit, app), "spec.ingress").stream()
                    .filter(rule -> Yamls.list(rule, "from").stream().anyMatch(KubernetesManifestsTest::isPrometheus))
                    .flatMap(rule -> Yamls.list(rule, "ports").stream())
                    .anyMatch(p -> ((Number) p.get("port")).intValue() == port);
            assertTrue(prometheusAdmitted, app + ": the NetworkPolicy must let Prometheus reach port " + port);
        }
    }

    @Test
    void eachDatabaseAcceptsOnlyItsOwnServiceAndItsBackupJob() {
        for (String service : PRIVATE_SERVICES) {
            for (String dir : List.of(service, "overlays/staging/" + service, "overlays/production/" + service)) {
                String database = service + "-db";
                Map<String, Object> policy = policyFor(dir, database);
                Set<String> admitted = new TreeSet<>();
                for (Map<String, Object> rule : Yamls.list(policy, "spec.ingress")) {
                    assertPortsAre(rule, 5432, dir + " " + database);
                    List<Map<String, Object>> peers = Yamls.list(rule, "from");
                    assertFalse(peers.isEmpty(), dir + ": an ingress rule without 'from' admits everyone");
                    for (Map<String, Object> peer : peers) {
                        assertNull(peer.get("namespaceSelector"), dir + ": " + database + " admits another namespace");
                        assertNull(peer.get("ipBlock"), dir + ": " + database + " admits an address block");
                        Map<String, Object> labels = Yamls.map(peer, "podSelector.matchLabels");
                        assertEquals(1, labels.size(), dir + ": " + peer);
                        admitted.add(String.valueOf(labels.get("app.kubernetes.io/name")));
                    }
                }
                assertEquals(new TreeSet<>(Set.of(service + "-service", database + "-backup")), admitted, dir);
                assertNoOtherPolicyAdmits(dir, database);
                assertEquals(List.of(), Yamls.at(policy, "spec.egress"), database + " initiates no connection");
            }
        }
    }

    @Test
    void everyDatabaseIsBackedUpDailyEncryptedWithAHeartbeat() {
        String script = DeployTree.read(DeployTree.deploy().resolve("backup/backup.sh"));
        Map<String, Object> scripts = ofKind("platform", "ConfigMap").stream()
                .filter(c -> "pivot-backup-scripts".equals(name(c))).findFirst().orElseThrow();
        assertEquals(script, Yamls.map(scripts, "data").get("backup.sh"), "the CronJobs must run deploy/backup/backup.sh");

        int databases = 0;
        for (String dir : RENDERED.keySet()) {
            for (Map<String, Object> database : ofKind(dir, "StatefulSet")) {
                if (!"database".equals(Yamls.map(database, "spec.template.metadata.labels")
                        .get("app.kubernetes.io/component"))) {
                    continue;
                }
                databases++;
                String dbName = name(database).replaceFirst("-db$", "");
                Map<String, Object> cron = ofKind(dir, "CronJob").stream()
                        .filter(c -> name(c).equals(name(database) + "-backup")).findFirst().orElse(null);
                assertNotNull(cron, dir + ": no backup CronJob for " + name(database));
                assertTrue(String.valueOf(Yamls.<Object>at(cron, "spec.schedule")).matches("\\d{1,2} \\d{1,2} \\* \\* \\*"),
                        dir + ": " + name(cron) + " must run once a day");
                assertEquals("Forbid", Yamls.string(cron, "spec.concurrencyPolicy"));
                Map<String, Object> pod = podSpec(cron);
                Map<String, Object> container = containers(pod).get(0);
                List<Object> command = Yamls.at(container, "command");
                assertTrue(String.valueOf(command.get(1)).endsWith("/backup.sh"), dir + ": " + command);
                assertEquals(List.of("--database", dbName), command.subList(2, 4));
                assertEquals(name(database), envValue(container, "PGHOST"));
                assertTrue(envValue(container, "PUSHGATEWAY_URL").startsWith("http://pushgateway."),
                        dir + ": the heartbeat must reach the Pushgateway");
                assertTrue(Integer.parseInt(envValue(container, "BACKUP_RETENTION_DAYS")) > 0);
                String recipients = envValue(container, "BACKUP_AGE_RECIPIENTS_FILE");
                assertTrue(isInSecretMount(container, volumes(pod), recipients),
                        dir + ": backups are encrypted to recipients from a Secret");
                assertNotNull(Yamls.at(volumes(pod).get("scripts"), "configMap"), dir);
                assertEquals("pivot-backup-scripts", Yamls.string(volumes(pod).get("scripts"), "configMap.name"));
            }
        }
        assertEquals(9, databases, "three databases in the base and in each overlay");
    }

    @Test
    void theGatewayScalesAndEveryDeploymentSurvivesADrain() {
        for (String dir : RENDERED.keySet()) {
            Set<String> protectedApps = ofKind(dir, "PodDisruptionBudget").stream()
                    .map(p -> String.valueOf(Yamls.map(p, "spec.selector.matchLabels").get("app.kubernetes.io/name")))
                    .collect(Collectors.toSet());
            for (Map<String, Object> deployment : ofKind(dir, "Deployment")) {
                assertTrue(protectedApps.contains(name(deployment)), dir + ": no PodDisruptionBudget for "
                        + name(deployment));
            }
        }
        for (String dir : List.of("gateway", "overlays/staging/gateway", "overlays/production/gateway")) {
            Map<String, Object> hpa = ofKind(dir, "HorizontalPodAutoscaler").get(0);
            assertEquals("gateway-service", Yamls.string(hpa, "spec.scaleTargetRef.name"));
            assertTrue(((Number) Yamls.at(hpa, "spec.minReplicas")).intValue() >= 2, dir + ": one pod is no HA");
            assertNull(Yamls.at(ofKind(dir, "Deployment").get(0), "spec.replicas"),
                    dir + ": the HPA owns the replica count");
        }
    }

    @Test
    void eachServiceDeploysOnItsOwnWithOnlyItsOwnObjects() {
        for (String unit : List.of("gateway", "license", "report", "analytics")) {
            for (String dir : List.of(unit, "overlays/staging/" + unit, "overlays/production/" + unit)) {
                Set<String> namespaces = new HashSet<>();
                for (Map<String, Object> object : RENDERED.get(dir)) {
                    assertTrue(name(object).startsWith(unit + "-"), dir + " contains " + kind(object) + "/"
                            + name(object) + ", which belongs to another unit");
                    namespaces.add(Yamls.string(object, "metadata.namespace"));
                }
                assertEquals(Set.of(dir.contains("staging") ? "pivot-report-staging" : "pivot-report"), namespaces);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertNotEquals(Object unexpected, Object actual, String message) {
        org.junit.jupiter.api.Assertions.assertNotEquals(unexpected, actual, message);
    }

    private static List<Map<String, Object>> ofKind(String dir, String kind) {
        return RENDERED.get(dir).stream().filter(o -> kind.equals(kind(o))).toList();
    }

    private static List<Map<String, Object>> workloads(String dir) {
        return RENDERED.get(dir).stream()
                .filter(o -> Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob").contains(kind(o)))
                .toList();
    }

    private static String kind(Map<String, Object> object) {
        return String.valueOf(object.get("kind"));
    }

    private static String name(Map<String, Object> object) {
        return Yamls.string(object, "metadata.name");
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return "CronJob".equals(kind(workload)) ? Yamls.map(workload, "spec.jobTemplate.spec.template.spec")
                : Yamls.map(workload, "spec.template.spec");
    }

    private static List<Map<String, Object>> containers(Map<String, Object> pod) {
        List<Map<String, Object>> all = new ArrayList<>(Yamls.list(pod, "initContainers"));
        all.addAll(Yamls.list(pod, "containers"));
        assertFalse(all.isEmpty());
        return all;
    }

    private static Map<String, Map<String, Object>> volumes(Map<String, Object> pod) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        Yamls.list(pod, "volumes").forEach(v -> byName.put(String.valueOf(v.get("name")), v));
        return byName;
    }

    private static boolean mountsEmptyDir(Map<String, Object> container, Map<String, Map<String, Object>> volumes,
                                          String path) {
        return Yamls.list(container, "volumeMounts").stream()
                .anyMatch(m -> path.equals(m.get("mountPath"))
                        && volumes.getOrDefault(String.valueOf(m.get("name")), Map.of()).containsKey("emptyDir"));
    }

    private static boolean isInSecretMount(Map<String, Object> container, Map<String, Map<String, Object>> volumes,
                                           String path) {
        if (path == null) {
            return false;
        }
        return Yamls.list(container, "volumeMounts").stream()
                .filter(m -> path.startsWith(m.get("mountPath") + "/"))
                .anyMatch(m -> volumes.getOrDefault(String.valueOf(m.get("name")), Map.of()).containsKey("secret"));
    }

    private static int containerPort(Map<String, Object> container, String portName) {
        return Yamls.list(container, "ports").stream().filter(p -> portName.equals(p.get("name")))
                .map(p -> ((Number) p.get("containerPort")).intValue()).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + portName));
    }

    private static String envValue(Map<String, Object> container, String name) {
        return Yamls.list(container, "env").stream().filter(e -> name.equals(e.get("name")))
                .map(e -> Objects.toString(e.get("value"), null)).findFirst().orElse(null);
    }

    private static Map<String, Object> policyFor(String dir, String app) {
        return ofKind(dir, "NetworkPolicy").stream()
                .filter(p -> Map.of("app.kubernetes.io/name", app).equals(Yamls.map(p, "spec.podSelector.matchLabels")))
                .findFirst().orElseThrow(() -> new AssertionError(dir + ": no NetworkPolicy for " + app));
    }

    private static boolean isPrometheus(Map<String, Object> peer) {
        return Map.of("kubernetes.io/metadata.name", "monitoring").equals(Yamls.map(peer, "namespaceSelector.matchLabels"))
                && Map.of("app.kubernetes.io/name", "prometheus").equals(Yamls.map(peer, "podSelector.matchLabels"));
    }

    private static void assertPortsAre(Map<String, Object> rule, int port, String what) {
        List<Map<String, Object>> ports = Yamls.list(rule, "ports");
        assertFalse(ports.isEmpty(), what + ": an ingress rule without ports opens every port");
        ports.forEach(p -> assertEquals(port, ((Number) p.get("port")).intValue(), what));
    }

    /** No policy anywhere (in this render or in the platform) opens ingress to {@code app} except its own. */
    private static void assertNoOtherPolicyAdmits(String dir, String app) {
        Map<String, Object> podLabels = Map.of("app.kubernetes.io/name", app);
        List<Map<String, Object>> candidates = new ArrayList<>(ofKind(dir, "NetworkPolicy"));
        candidates.addAll(ofKind("platform", "NetworkPolicy"));
        for (Map<String, Object> policy : candidates) {
            boolean own = podLabels.equals(Yamls.map(policy, "spec.podSelector.matchLabels"));
            if (own || Yamls.at(policy, "spec.ingress") == null) {
                continue;
            }
            assertFalse(selects(Yamls.map(policy, "spec.podSelector"), withComponent(dir, app)),
                    dir + ": NetworkPolicy " + name(policy) + " also admits traffic to " + app);
        }
    }

    /** The full label set of {@code app}'s pods in this render. */
    private static Map<String, Object> withComponent(String dir, String app) {
        return workloads(dir).stream().filter(w -> app.equals(name(w)))
                .map(w -> Yamls.map(w, "spec.template.metadata.labels")).findFirst()
                .orElse(Map.of("app.kubernetes.io/name", app));
    }

    @SuppressWarnings("unchecked")
    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        Map<String, Object> matchLabels = Yamls.map(selector, "matchLabels");
        for (Map.Entry<String, Object> e : matchLabels.entrySet()) {
            if (!Objects.equals(String.valueOf(e.getValue()), Objects.toString(labels.get(e.getKey()), null))) {
                return false;
            }
        }
        for (Map<String, Object> expression : Yamls.list(selector, "matchExpressions")) {
            String key = String.valueOf(expression.get("key"));
            List<Object> values = (List<Object>) expression.getOrDefault("values", List.of());
            Object value = labels.get(key);
            boolean ok = switch (String.valueOf(expression.get("operator"))) {
                case "In" -> value != null && values.stream().map(String::valueOf).toList().contains(value.toString());
                case "NotIn" -> value == null || !values.stream().map(String::valueOf).toList().contains(value.toString());
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown operator " + expression);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
