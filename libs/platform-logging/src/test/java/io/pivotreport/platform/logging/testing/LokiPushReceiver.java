package io.pivotreport.platform.logging.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A loopback stand-in for Loki's push API ({@code POST /loki/api/v1/push}, JSON) that keeps everything it was sent, so
 * a test can assert exactly what a service shipped. Like Loki it answers 204, and 400 for a payload Loki would refuse
 * (not JSON, a timestamp that is not a string of digits, a stream without labels). {@link #failWith(int)} and
 * {@link #hang()} simulate outages.
 *
 * <pre>{@code
 * LokiPushReceiver loki = LokiPushReceiver.start();
 * // service config: pivot.logging.loki.url = loki.pushUrl()
 * await().until(() -> loki.lines().stream().anyMatch(l -> "report-service".equals(l.service())));
 * }</pre>
 *
 * Needs jackson-databind on the test class path (every Quarkus REST service has it).
 */
public final class LokiPushReceiver implements AutoCloseable {

    public static final String PUSH_PATH = "/loki/api/v1/push";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<ShippedLine> lines = new CopyOnWriteArrayList<>();
    private final List<String> payloads = new CopyOnWriteArrayList<>();
    private final List<String> orgIds = new CopyOnWriteArrayList<>();
    private final AtomicInteger pushes = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int failureStatus;
    private volatile CountDownLatch hold;

    private LokiPushReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts a receiver on a free loopback port. */
    public static LokiPushReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LokiPushReceiver receiver = new LokiPushReceiver(server);
            server.createContext(PUSH_PATH, receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "loki-push-receiver");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the Loki push receiver", e);
        }
    }

    /** The value for {@code pivot.logging.loki.url}. */
    public String pushUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PUSH_PATH;
    }

    /** Every line received so far, in arrival order. */
    public List<ShippedLine> lines() {
        return List.copyOf(lines);
    }

    /** Every accepted push body, verbatim: for sweeps that must find a value nowhere. */
    public List<String> payloads() {
        return List.copyOf(payloads);
    }

    /** {@code X-Scope-OrgID} header of each accepted push (empty string when absent). */
    public List<String> orgIds() {
        return List.copyOf(orgIds);
    }

    /** Pushes answered 204. */
    public int acceptedPushes() {
        return pushes.get();
    }

    /** Pushes answered with an error (simulated outage or invalid payload). */
    public int refusedPushes() {
        return refused.get();
    }

    /** From now on answer every push with {@code status} (e.g. 503) and keep nothing; 0 restores normal service. */
    public void failWith(int status) {
        this.failureStatus = status;
    }

    /**
     * From now on keep every push waiting (up to a minute, or until {@link #recover()}) and then answer 503: a Loki
     * that accepts connections but does not answer, the worst case for a sender.
     */
    public void hang() {
        hold = new CountDownLatch(1);
        failureStatus = 503;
    }

    /** Ends {@link #hang()} and {@link #failWith(int)}: pushes are accepted again. */
    public void recover() {
        CountDownLatch current = hold;
        hold = null;
        failureStatus = 0;
        if (current != null) {
            current.countDown();
        }
    }

    /** Forgets what was received. */
    public void clear() {
        lines.clear();
        payloads.clear();
        orgIds.clear();
    }

    @Override
    public void close() {
        recover();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "method not allowed");
                return;
            }
            byte[] body = readBody(exchange);
            CountDownLatch waiting = hold;
            if (waiting != null) {
                try {
                    waiting.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int failure = waiting != null ? 503 : failureStatus;
            if (failure != 0) {
                refused.incrementAndGet();
                respond(exchange, failure, "simulated outage");
                return;
            }
            List<ShippedLine> parsed;
            try {
                parsed = parse(body);
            } catch (IllegalArgumentException e) {
                refused.incrementAndGet();
                respond(exchange, 400, e.getMessage());
                return;
            }
            payloads.add(new String(body, StandardCharsets.UTF_8));
            String orgId = exchange.getRequestHeaders().getFirst("X-Scope-OrgID");
            orgIds.add(orgId == null ? "" : orgId);
            lines.addAll(parsed);
            pushes.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Parses a push body the way Loki validates it. */
    static List<ShippedLine> parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not JSON");
        }
        JsonNode streams = root == null ? null : root.get("streams");
        if (streams == null || !streams.isArray()) {
            throw new IllegalArgumentException("no streams array");
        }
        List<ShippedLine> result = new ArrayList<>();
        for (JsonNode stream : streams) {
            Map<String, String> labels = stringMap(stream.get("stream"));
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("stream without labels");
            }
            JsonNode values = stream.get("values");
            if (values == null || !values.isArray()) {
                throw new IllegalArgumentException("stream without values");
            }
            for (JsonNode value : values) {
                if (!value.isArray() || value.size() < 2 || value.size() > 3) {
                    throw new IllegalArgumentException("value must be [ts, line] or [ts, line, metadata]");
                }
                JsonNode ts = value.get(0);
                if (!ts.isTextual() || !ts.asText().matches("[0-9]{1,19}")) {
                    throw new IllegalArgumentException("timestamp must be a string of epoch nanoseconds");
                }
                if (!value.get(1).isTextual()) {
                    throw new IllegalArgumentException("line must be a string");
                }
                Map<String, String> metadata = value.size() == 3 ? stringMap(value.get(2)) : Map.of();
                result.add(new ShippedLine(Map.copyOf(labels), ts.asText(), value.get(1).asText(), Map.copyOf(metadata)));
            }
        }
        return result;
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node == null || !node.isObject()) {
            return map;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isTextual()) {
                throw new IllegalArgumentException("label/metadata values must be strings: " + field.getKey());
            }
            map.put(field.getKey(), field.getValue().asText());
        }
        return map;
    }
}
