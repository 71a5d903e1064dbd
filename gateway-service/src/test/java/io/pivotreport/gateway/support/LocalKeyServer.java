package io.pivotreport.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pivotreport.test.Pem;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Atlassian's key services on loopback: install keys ({@code GET /install-keys/<kid>} answers a PEM public key) and
 * Forge's JWKS ({@code GET /forge/jwks.json}). Counts hits, so tests can prove keys are cached.
 */
public final class LocalKeyServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Map<String, PublicKey> installKeys = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> forgeKeys = new ConcurrentHashMap<>();
    private final AtomicInteger installKeyHits = new AtomicInteger();

    public LocalKeyServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/install-keys/", this::installKey);
        server.createContext("/forge/jwks.json", this::jwks);
        server.setExecutor(executor);
        server.start();
    }

    public URI installKeysUrl() {
        return URI.create(base() + "/install-keys");
    }

    public URI jwksUrl() {
        return URI.create(base() + "/forge/jwks.json");
    }

    public void addInstallKey(String kid, PublicKey key) {
        installKeys.put(kid, key);
    }

    public void addForgeKey(String kid, PublicKey key) {
        forgeKeys.put(kid, key);
    }

    public int installKeyHits() {
        return installKeyHits.get();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void installKey(HttpExchange exchange) throws IOException {
        installKeyHits.incrementAndGet();
        String kid = exchange.getRequestURI().getRawPath().substring("/install-keys/".length());
        PublicKey key = installKeys.get(kid);
        if (key == null) {
            answer(exchange, 404, "text/plain", "no such key");
        } else {
            answer(exchange, 200, "application/x-pem-file", Pem.encode(key));
        }
    }

    private void jwks(HttpExchange exchange) throws IOException {
        String keys = forgeKeys.entrySet().stream().map(entry -> {
            try {
                JsonWebKey jwk = JsonWebKey.Factory.newJwk(entry.getValue());
                jwk.setKeyId(entry.getKey());
                jwk.setUse("sig");
                jwk.setAlgorithm("RS256");
                return ((RsaJsonWebKey) jwk).toJson();
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.joining(","));
        answer(exchange, 200, "application/json", "{\"keys\":[" + keys + "]}");
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
