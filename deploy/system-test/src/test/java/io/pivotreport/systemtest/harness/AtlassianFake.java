package io.pivotreport.systemtest.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pivotreport.test.Pem;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The Atlassian services the platform calls, on loopback: the Connect install-keys service ({@code GET
 * /install-keys/<kid>} answers the PEM public key that signs installs) and Forge's invocation-token JWKS
 * ({@code GET /forge/jwks.json}). These are the only Atlassian endpoints the services reach; the app makes no Jira
 * REST calls of its own. Holds the private keys, so tests sign as Atlassian would; counts requests so a test can see
 * a hostile {@code kid} causes no fetch storm.
 */
public final class AtlassianFake implements AutoCloseable {

    public static final String INSTALL_KID = "system-test-install-key";
    public static final String FORGE_KID = "system-test-forge-key";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "atlassian-fake");
        t.setDaemon(true);
        return t;
    });
    private final KeyPair installKeys = newRsaKeyPair();
    private final KeyPair forgeKeys = newRsaKeyPair();
    private final Map<String, PublicKey> installKeyById = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> forgeKeyById = new ConcurrentHashMap<>();
    private final AtomicInteger installKeyRequests = new AtomicInteger();
    private final AtomicInteger jwksRequests = new AtomicInteger();

    public AtlassianFake() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Atlassian fake", e);
        }
        installKeyById.put(INSTALL_KID, installKeys.getPublic());
        forgeKeyById.put(FORGE_KID, forgeKeys.getPublic());
        server.createContext("/install-keys/", this::installKey);
        server.createContext("/forge/jwks.json", this::jwks);
        server.setExecutor(executor);
        server.start();
    }

    public String installKeysUrl() {
        return base() + "/install-keys";
    }

    public String jwksUrl() {
        return base() + "/forge/jwks.json";
    }

    public KeyPair installKeys() {
        return installKeys;
    }

    public KeyPair forgeKeys() {
        return forgeKeys;
    }

    public int installKeyRequests() {
        return installKeyRequests.get();
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void installKey(HttpExchange exchange) throws IOException {
        installKeyRequests.incrementAndGet();
        String kid = exchange.getRequestURI().getRawPath().substring("/install-keys/".length());
        PublicKey key = installKeyById.get(kid);
        if (key == null) {
            answer(exchange, 404, "text/plain", "no such key");
        } else {
            answer(exchange, 200, "application/x-pem-file", Pem.encode(key));
        }
    }

    private void jwks(HttpExchange exchange) throws IOException {
        jwksRequests.incrementAndGet();
        String keys = forgeKeyById.entrySet().stream().map(entry -> {
            try {
                JsonWebKey jwk = JsonWebKey.Factory.newJwk(entry.getValue());
                jwk.setKeyId(entry.getKey());
                jwk.setUse("sig");
                jwk.setAlgorithm("RS256");
                return jwk.toJson();
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

    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
