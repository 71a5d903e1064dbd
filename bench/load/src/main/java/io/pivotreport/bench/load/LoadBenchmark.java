package io.pivotreport.bench.load;

import com.sun.net.httpserver.HttpServer;
import io.pivotreport.auth.CanonicalRequest;
import io.pivotreport.launcher.Console;
import io.pivotreport.launcher.Platform;
import io.pivotreport.launcher.ServiceProcess;
import io.pivotreport.launcher.ServiceSpec;
import io.pivotreport.launcher.Settings;
import io.pivotreport.test.Pem;
import io.pivotreport.test.Ports;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The load benchmark of the packaged platform (see bench/load/README.md): starts it with platform-launcher exactly as
 * {@code ./platform up} does (default JVM options, embedded PostgreSQL and Kafka), measures each service's start-up
 * time and idle RSS, onboards one Jira site as Jira would, then drives wrk at a fixed concurrency against
 * <ol>
 *   <li>the ceiling: {@code GET /q/health/live} on the gateway's management interface (a bare Quarkus endpoint in the
 *       same JVM), and {@code GET /atlassian-connect.json} on its public listener (a public JAX-RS route, no auth);</li>
 *   <li>{@code GET /api/reports}: context-token verification, licence check, internal-token minting, the proxy call to
 *       report-service and its PostgreSQL query;</li>
 *   <li>{@code POST /api/events}: token verification, strict parsing and validation, produce with {@code acks=all}
 *       and wait for the broker's acknowledgement.</li>
 * </ol>
 * and prints a Markdown report (also written to {@code target/load-results.md}).
 */
public final class LoadBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern QUARKUS_STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final String KID = "bench-install-key";

    private final int connections = Integer.getInteger("bench.connections", 32);
    private final int threads = Integer.getInteger("bench.threads", 2);
    private final int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 10);
    private final int seconds = Integer.getInteger("bench.seconds", 30);
    private final int reports = Integer.getInteger("bench.reports", 20);
    private final Path home = Path.of(System.getProperty("bench.home", ".")).toAbsolutePath().normalize();
    private final Path work = Path.of(System.getProperty("bench.workDir", "target")).toAbsolutePath()
            .resolve("load-state");
    private final Map<String, String> env = new HashMap<>();
    private final StringBuilder report = new StringBuilder();
    /** The services' JVM options: the launcher's default (PIVOT_SERVICE_JAVA_OPTS is not set here). */
    private String javaOpts;

    public static void main(String[] args) throws Exception {
        new LoadBenchmark().run();
    }

    /** One wrk run. */
    record WrkResult(String name, double requestsPerSecond, String p50, String p75, String p90, String p99,
                     long requests, long non2xx, String socketErrors, double loadBefore, double loadAfter) {
    }

    private void run() throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        KeyPair installKeys = rsaKeyPair();
        HttpServer keyServer = keyServer(installKeys);
        for (String name : List.of("PIVOT_PG_PORT", "PIVOT_KAFKA_PORT", "PIVOT_KAFKA_CONTROLLER_PORT",
                "PIVOT_LICENSE_PORT", "PIVOT_REPORT_PORT", "PIVOT_ANALYTICS_PORT", "PIVOT_GATEWAY_PORT",
                "PIVOT_GATEWAY_HTTPS_PORT", "PIVOT_GATEWAY_MANAGEMENT_PORT")) {
            int port;
            do {
                port = Ports.freePort();
            } while (env.containsValue(Integer.toString(port)));
            env.put(name, Integer.toString(port));
        }
        env.put("PIVOT_STATE_DIR", work.toString());
        env.put("PIVOT_START_TIMEOUT_SECONDS", "240");
        Map<String, String> gateway = new LinkedHashMap<>();
        gateway.put("pivot.gateway.install-keys-url", "http://127.0.0.1:" + keyServer.getAddress().getPort()
                + "/install-keys");
        // the per-tenant limiter still runs on every request (its cost is measured) but never refuses one
        gateway.put("pivot.gateway.rate-limit.capacity", "100000000");
        gateway.put("pivot.gateway.rate-limit.refill-per-second", "100000000");
        Platform.Options options = Platform.Options.all().withProperties(ServiceSpec.GATEWAY, gateway);

        machine();
        io.pivotreport.launcher.LogSetup.toFile(work.resolve("logs/platform.log"));
        Settings settings = Settings.of(home, env);
        javaOpts = settings.serviceJavaOpts();
        Platform platform = Platform.up(settings, new Console(System.out, Platform.stepCount(options)), options);
        try {
            Map<ServiceSpec, Double> firstStart = new LinkedHashMap<>();
            for (ServiceProcess service : platform.services()) {
                firstStart.put(service.spec(), quarkusStartedIn(service.logFile()).orElse(Double.NaN));
            }
            Map<ServiceSpec, long[]> restart = restartEach(platform);
            System.out.println("Idle for 20 s before reading the resident set sizes ...");
            Thread.sleep(20_000);
            Map<ServiceSpec, Long> idleRss = rss(platform);
            startup(platform, firstStart, restart, idleRss);

            Site site = onboard(installKeys);
            String token = site.token();
            List<WrkResult> results = new ArrayList<>();
            String management = "http://127.0.0.1:" + env.get("PIVOT_GATEWAY_MANAGEMENT_PORT");
            String public_ = "http://127.0.0.1:" + env.get("PIVOT_GATEWAY_PORT");
            results.add(wrk("ceiling: GET /q/health/live (management interface)", management + "/q/health/live",
                    null));
            results.add(wrk("public route, no auth: GET /atlassian-connect.json", public_ + "/atlassian-connect.json",
                    null));
            results.add(wrk("GET /pages/pivot-report (host token + qsh, no upstream call)", public_
                    + "/pages/pivot-report?" + site.pageQueryWithJwt(), null));
            results.add(wrk("report-service alone: GET /reports (internal token, no gateway)", "http://127.0.0.1:"
                    + env.get("PIVOT_REPORT_PORT") + "/reports", bearerScript(internalToken(site))));
            results.add(wrk("GET /api/reports (auth + proxy + report-service + PostgreSQL)", public_ + "/api/reports",
                    reportsScript(token)));
            results.add(wrk("POST /api/events (auth + validation + Kafka acks=all)", public_ + "/api/events",
                    eventsScript(token)));
            results.add(wrk("ceiling again: GET /q/health/live", management + "/q/health/live", null));
            Map<ServiceSpec, Long> loadedRss = rss(platform);
            load(results, idleRss, loadedRss);
        } finally {
            platform.close();
            keyServer.stop(0);
        }
        Path out = work.getParent().resolve("load-results.md");
        Files.writeString(out, report.toString());
        System.out.println();
        System.out.println(report);
        System.out.println("(written to " + out + ")");
    }

    // ---- the machine

    private void machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> l.replaceAll("\\s+", " ")).orElse("");
        report.append("Run of ").append(DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS))).append(": ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (").append(cpu).append("), ").append(memory).append(", Java ")
                .append(System.getProperty("java.runtime.version")).append(", ").append(wrkVersion())
                .append(", load average at start ").append(loadAverage()).append(".\n\n");
    }

    // ---- start-up and memory

    /** Each service stopped and started alone, the others running: launch to ready, and Quarkus' own figure. */
    private Map<ServiceSpec, long[]> restartEach(Platform platform) {
        Map<ServiceSpec, long[]> times = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            platform.stopService(spec);
            long t0 = System.nanoTime();
            ServiceProcess service = platform.startService(spec);
            long launchToReady = (System.nanoTime() - t0) / 1_000_000;
            double quarkus = quarkusStartedIn(service.logFile()).orElse(Double.NaN);
            times.put(spec, new long[] {launchToReady, Math.round(quarkus * 1000)});
            System.out.printf("restart of %s: ready %d ms after launch (Quarkus: started in %.3f s)%n", spec.name(),
                    launchToReady, quarkus);
        }
        return times;
    }

    private static Optional<Double> quarkusStartedIn(Path log) {
        try {
            Matcher m = QUARKUS_STARTED.matcher(Files.readString(log));
            Double found = null;
            while (m.find()) {
                found = Double.parseDouble(m.group(1));
            }
            return Optional.ofNullable(found);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** VmRSS of each service's JVM, in KiB. */
    private static Map<ServiceSpec, Long> rss(Platform platform) throws IOException {
        Map<ServiceSpec, Long> rss = new LinkedHashMap<>();
        for (ServiceProcess service : platform.services()) {
            long pid = javaPid(service.pid());
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            Matcher m = Pattern.compile("VmRSS:\\s+([0-9]+) kB").matcher(status);
            rss.put(service.spec(), m.find() ? Long.parseLong(m.group(1)) : -1);
        }
        return rss;
    }

    /** The launcher starts {@code setsid java ...}: setsid usually execs java itself, else java is its child. */
    private static long javaPid(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
        if (handle.info().command().orElse("").endsWith("java")) {
            return pid;
        }
        return handle.children().findFirst().map(ProcessHandle::pid).orElse(pid);
    }

    private void startup(Platform platform, Map<ServiceSpec, Double> firstStart, Map<ServiceSpec, long[]> restart,
                         Map<ServiceSpec, Long> idleRss) {
        report.append("### Start-up and idle memory (JVM, `java " + javaOpts + " -jar quarkus-run.jar`, the "
                + "launcher's default)\n\n");
        report.append("| service | Quarkus \"started in\", first start | restart alone: launch → ready | "
                + "restart alone: Quarkus \"started in\" | idle RSS (20 s after the restarts) |\n");
        report.append("|---|---:|---:|---:|---:|\n");
        for (ServiceSpec spec : ServiceSpec.START_ORDER) {
            long[] r = restart.get(spec);
            report.append(String.format("| %s | %.2f s | %.2f s | %.2f s | %d MiB |%n", spec.name(),
                    firstStart.getOrDefault(spec, Double.NaN), r[0] / 1000.0, r[1] / 1000.0,
                    idleRss.get(spec) / 1024));
        }
        report.append('\n');
    }

    private void load(List<WrkResult> results, Map<ServiceSpec, Long> idleRss, Map<ServiceSpec, Long> loadedRss) {
        report.append(String.format("### Throughput and latency (wrk, %d threads, %d connections, %d s warm-up "
                + "discarded, %d s measured)%n%n", threads, connections, warmupSeconds, seconds));
        report.append("| scenario | requests/s | p50 | p75 | p90 | p99 | requests | non-2xx | socket errors | "
                + "load avg before → after |\n|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (WrkResult r : results) {
            report.append(String.format("| %s | %.0f | %s | %s | %s | %s | %d | %d | %s | %.1f → %.1f |%n", r.name(),
                    r.requestsPerSecond(), r.p50(), r.p75(), r.p90(), r.p99(), r.requests(), r.non2xx(),
                    r.socketErrors(), r.loadBefore(), r.loadAfter()));
        }
        WrkResult reportsRun = find(results, "GET /api/reports");
        WrkResult eventsRun = find(results, "POST /api/events");
        double ceiling = results.stream().filter(r -> r.name().contains("/q/health/live"))
                .mapToDouble(WrkResult::requestsPerSecond).max().orElse(Double.NaN);
        report.append(String.format("%nGET /api/reports reached %.1f %% of the ceiling's throughput (best of the two "
                + "ceiling runs: %.0f/s); POST /api/events %.1f %%.%n%n",
                100 * reportsRun.requestsPerSecond() / ceiling, ceiling,
                100 * eventsRun.requestsPerSecond() / ceiling));
        report.append("RSS after the load runs: ");
        List<String> after = new ArrayList<>();
        loadedRss.forEach((spec, kib) -> after.add(spec.name() + " " + kib / 1024 + " MiB"));
        report.append(String.join(", ", after)).append(".\n");
    }

    private static WrkResult find(List<WrkResult> results, String prefix) {
        return results.stream().filter(r -> r.name().startsWith(prefix)).findFirst().orElseThrow();
    }

    // ---- the site

    /** The onboarded site: its long-lived context token and a signed page URL query. */
    record Site(String token, String pageQueryWithJwt, String tenantId, String account) {
    }

    /** An internal token as the gateway mints it for report-service (60 s: mint right before the run). */
    private String internalToken(Site site) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\":\"pivot-gateway\",\"aud\":\"report-service\",\"sub\":\"" + site.account()
                + "\",\"account\":\"" + site.account() + "\",\"tenant\":\"" + site.tenantId()
                + "\",\"groups\":[\"app-user\"],\"iat\":" + now + ",\"exp\":" + (now + 60) + ",\"jti\":\""
                + UUID.randomUUID() + "\"}";
        String input = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(Pem.readRsaPrivateKey(work.resolve("keys/internal-jwt-private.pem")));
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(signature.sign());
    }

    private Path bearerScript(String token) throws IOException {
        Path script = work.resolve("bearer.lua");
        Files.writeString(script, "wrk.method = \"GET\"\nwrk.headers[\"Authorization\"] = \"Bearer " + token
                + "\"\n");
        return script;
    }

    /** Installs, enables and licenses one site as Jira would; creates the reports the listing returns. */
    private Site onboard(KeyPair installKeys) throws Exception {
        String base = "http://127.0.0.1:" + env.get("PIVOT_GATEWAY_PORT");
        String appBaseUrl = "https://localhost:" + env.get("PIVOT_GATEWAY_HTTPS_PORT");
        String clientKey = "jira:" + UUID.randomUUID();
        byte[] secretBytes = new byte[33];
        new java.security.SecureRandom().nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        String siteUrl = "https://bench-" + UUID.randomUUID().toString().substring(0, 8) + ".atlassian.net";
        String account = "557058:" + UUID.randomUUID();

        Map<String, Object> installClaims = claims(clientKey, null, 180);
        installClaims.put("aud", appBaseUrl);
        installClaims.put("qsh", CanonicalRequest.qsh("POST", "/lifecycle/installed", null, ""));
        String lifecycle = "{\"key\":\"io.pivotreport.pivot-report\",\"clientKey\":\"" + clientKey + "\","
                + "\"sharedSecret\":\"" + secret + "\",\"baseUrl\":\"" + siteUrl + "\",\"productType\":\"jira\","
                + "\"eventType\":\"installed\"}";
        expect(post(base + "/lifecycle/installed", "JWT " + rs256(installClaims, installKeys), lifecycle), 204,
                "install");
        Map<String, Object> enableClaims = claims(clientKey, null, 180);
        enableClaims.put("qsh", CanonicalRequest.qsh("POST", "/lifecycle/enabled", null, ""));
        expect(post(base + "/lifecycle/enabled", "JWT " + hs256(enableClaims, secret),
                lifecycle.replace("\"sharedSecret\":\"" + secret + "\",", "").replace("installed", "enabled")), 204,
                "enable");
        String query = "lic=active&xdm_e=" + siteUrl.replace(":", "%3A").replace("/", "%2F") + "&tz=UTC";
        Map<String, Object> pageClaims = claims(clientKey, account, 180);
        pageClaims.put("qsh", CanonicalRequest.qsh("GET", "/pages/pivot-report", query, ""));
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/pages/pivot-report?"
                + query + "&jwt=" + hs256(pageClaims, secret))).GET().build(), HttpResponse.BodyHandlers.ofString());
        expect(page, 200, "page load");

        Map<String, Object> contextClaims = claims(clientKey, account, 7200);
        contextClaims.put("qsh", "context-qsh");
        String token = hs256(contextClaims, secret);
        // the page without lic: host-token verification and the page shell, no call to a private service
        String plainQuery = "xdm_e=" + siteUrl.replace(":", "%3A").replace("/", "%2F") + "&tz=UTC";
        Map<String, Object> plainPageClaims = claims(clientKey, account, 7200);
        plainPageClaims.put("qsh", CanonicalRequest.qsh("GET", "/pages/pivot-report", plainQuery, ""));
        String pageQueryWithJwt = plainQuery + "&jwt=" + hs256(plainPageClaims, secret);
        HttpResponse<String> license = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/license"))
                .header("Authorization", "JWT " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        expect(license, 200, "licence");
        Matcher tenant = Pattern.compile("\"tenantId\"\\s*:\\s*\"([^\"]+)\"").matcher(license.body());
        if (!tenant.find()) {
            throw new IllegalStateException("no tenantId in " + license.body());
        }
        for (int i = 0; i < reports; i++) {
            expect(post(base + "/api/reports", "JWT " + token, "{\"name\":\"Bench report " + i + "\","
                    + "\"source\":{\"type\":\"project\",\"id\":\"PIV\"},\"configuration\":{\"schemaVersion\":1,"
                    + "\"rows\":[{\"field\":\"status\"}],\"measures\":[{\"aggregation\":\"count\"}]},"
                    + "\"visibility\":\"private\"}"), 201, "create report");
        }
        return new Site(token, pageQueryWithJwt, tenant.group(1), account);
    }

    private static HttpResponse<String> post(String url, String authorization, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + ": expected " + status + ", got " + response.statusCode() + " "
                    + response.body());
        }
    }

    // ---- wrk

    private Path reportsScript(String token) throws IOException {
        Path script = work.resolve("reports.lua");
        Files.writeString(script, "wrk.method = \"GET\"\nwrk.headers[\"Authorization\"] = \"JWT " + token + "\"\n");
        return script;
    }

    /** One event per request, each with its own id (analytics-service stores every one). */
    private Path eventsScript(String token) throws IOException {
        String occurredAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now().minusSeconds(5)
                .atOffset(ZoneOffset.UTC).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Path script = work.resolve("events.lua");
        Files.writeString(script, String.join("\n",
                "wrk.method = \"POST\"",
                "wrk.headers[\"Authorization\"] = \"JWT " + token + "\"",
                "wrk.headers[\"Content-Type\"] = \"application/json\"",
                "local counter = 1",
                "function setup(thread) thread:set(\"tid\", counter); counter = counter + 1 end",
                "function init(args) math.randomseed(os.time() * 1000 + tid) end",
                "local function hex(n) return string.format(\"%0\" .. n .. \"x\", math.random(0, 16 ^ n - 1)) end",
                "request = function()",
                "  local id = hex(4) .. hex(4) .. \"-\" .. hex(4) .. \"-4\" .. hex(3) .. \"-a\" .. hex(3) .. \"-\""
                        + " .. hex(4) .. hex(4) .. hex(4)",
                "  local body = '{\"events\":[{\"eventId\":\"' .. id .. '\",\"type\":\"report_generated\","
                        + "\"occurredAt\":\"" + occurredAt + "\",\"source\":{\"type\":\"project\",\"ids\":[\"PIV\"]},"
                        + "\"counts\":{\"issues\":120,\"rows\":8,\"columns\":3},\"timings\":{\"totalMs\":480},"
                        + "\"appVersion\":\"1.4.2\",\"browserFamily\":\"firefox\"}]}'",
                "  return wrk.format(nil, nil, nil, body)",
                "end", ""));
        return script;
    }

    private WrkResult wrk(String name, String url, Path script) throws Exception {
        System.out.println("wrk: " + name + " (" + warmupSeconds + " s warm-up, " + seconds + " s measured)");
        runWrk(url, script, warmupSeconds);
        double before = loadAverage();
        String output = runWrk(url, script, seconds);
        double after = loadAverage();
        System.out.println(output);
        return new WrkResult(name, number(output, "Requests/sec:\\s+([0-9.]+)"),
                text(output, "\\s50%\\s+(\\S+)"), text(output, "\\s75%\\s+(\\S+)"), text(output, "\\s90%\\s+(\\S+)"),
                text(output, "\\s99%\\s+(\\S+)"), (long) number(output, "([0-9]+) requests in"),
                (long) number(output, "Non-2xx or 3xx responses:\\s+([0-9]+)"),
                text(output, "Socket errors: ([^\\n]+)").equals("-") ? "none" : text(output,
                        "Socket errors: ([^\\n]+)"), before, after);
    }

    private String runWrk(String url, Path script, int duration) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration + "s",
                "--timeout", "10s", "--latency"));
        if (script != null) {
            command.add("-s");
            command.add(script.toString());
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        return output;
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String text(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1).trim() : "-";
    }

    private static String wrkVersion() {
        try {
            Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            String first = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .findFirst().orElse("wrk");
            process.waitFor();
            return first.replaceAll(" Copyright.*", "");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("wrk is not installed: bench/load/run.sh installs it", e);
        }
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    // ---- tokens and the install-keys service

    private static Map<String, Object> claims(String iss, String sub, long ttl) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", iss);
        if (sub != null) {
            claims.put("sub", sub);
        }
        claims.put("iat", now);
        claims.put("exp", now + ttl);
        return claims;
    }

    private static String json(Map<String, Object> map) {
        StringBuilder sb = new StringBuilder("{");
        map.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof Number ? v.toString() : "\"" + v + "\""));
        return sb.append('}').toString();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hs256(Map<String, Object> claims, String secret) throws Exception {
        String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64(json(claims).getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String rs256(Map<String, Object> claims, KeyPair keys) throws Exception {
        String input = b64(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + b64(json(claims).getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(keys.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(signature.sign());
    }

    private static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** Atlassian's install-keys service on loopback: {@code GET /install-keys/<kid>} answers the PEM public key. */
    private static HttpServer keyServer(KeyPair keys) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] pem = Pem.encode(keys.getPublic()).getBytes(StandardCharsets.US_ASCII);
        server.createContext("/install-keys/" + KID, exchange -> {
            exchange.sendResponseHeaders(200, pem.length);
            exchange.getResponseBody().write(pem);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
