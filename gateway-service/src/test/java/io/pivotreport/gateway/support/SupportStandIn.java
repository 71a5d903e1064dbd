package io.pivotreport.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A loopback stand-in for a private service's {@code /support/...} routes (analytics-service is not started by the
 * test environment): records every request it receives (path, query, internal token) and answers 200 with a small
 * JSON body, or 500 with an HTML body for {@link #FAILING_TENANT}, so the gateway's own handling of a broken upstream
 * shows.
 */
public final class SupportStandIn implements AutoCloseable {

    /** Requests naming this tenant get a 500 with a non-JSON body. */
    public static final String FAILING_TENANT = "00000000-0000-4000-8000-000000000500";

    /** One request as the stand-in received it. */
    public record Received(String path, String query, List<String> authorization) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Received> received = new ConcurrentLinkedDeque<>();

    public SupportStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        received.add(new Received(uri.getRawPath(), uri.getRawQuery(),
                List.copyOf(exchange.getRequestHeaders().getOrDefault("Authorization", List.of()))));
        boolean failing = uri.getRawPath().contains(FAILING_TENANT);
        byte[] body = (failing ? "<html>internal error</html>" : "{\"standIn\":true}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", failing ? "text/html" : "application/json");
        exchange.sendResponseHeaders(failing ? 500 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The latest request whose path starts with {@code pathPrefix}, or null. */
    public Received last(String pathPrefix) {
        for (var it = received.descendingIterator(); it.hasNext(); ) {
            Received request = it.next();
            if (request.path().startsWith(pathPrefix)) {
                return request;
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
