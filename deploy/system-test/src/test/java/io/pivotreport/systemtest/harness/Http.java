package io.pivotreport.systemtest.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A small HTTP/1.1 client for the tests: raw paths, exact bytes, the time each exchange took. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** One answer: status, headers, body, and how long the exchange took in milliseconds. */
    public record Answer(int status, Map<String, List<String>> headers, String body, long millis) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        public JsonNode json() {
            try {
                return Jwt.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + abbreviate(body), e);
            }
        }

        public boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + abbreviate(body) + " (" + millis + " ms)";
        }
    }

    /** A request under construction. */
    public final class Call {
        private final String method;
        private final String pathAndQuery;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body;
        private Duration timeout = Duration.ofSeconds(30);

        private Call(String method, String pathAndQuery) {
            this.method = method;
            this.pathAndQuery = pathAndQuery;
        }

        public Call header(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Call jwt(String token) {
            return header("Authorization", "JWT " + token);
        }

        public Call bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Call json(Object value) {
            return body("application/json", value instanceof String s ? s : Jwt.toJson(value));
        }

        public Call body(String contentType, String text) {
            return body(contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        public Call body(String contentType, byte[] bytes) {
            if (contentType != null) {
                header("Content-Type", contentType);
            }
            this.body = bytes;
            return this;
        }

        public Call timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        HttpRequest build() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout);
            headers.forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            return builder.build();
        }

        /**
         * Sends and waits for the answer. A request that got no answer at all because the server had closed the
         * pooled connection (it may, after refusing a request whose body it did not read) is sent once more on a new
         * connection, as any HTTP client would: Java's client retries only idempotent methods by itself.
         */
        public Answer send() {
            IOException first = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                long started = System.nanoTime();
                try {
                    HttpResponse<String> response = CLIENT.send(build(), HttpResponse.BodyHandlers.ofString());
                    return new Answer(response.statusCode(), response.headers().map(), response.body(),
                            (System.nanoTime() - started) / 1_000_000);
                } catch (java.net.http.HttpTimeoutException e) {
                    throw new AssertionError(method + " " + pathAndQuery + " timed out after " + timeout, e);
                } catch (IOException e) {
                    first = first == null ? e : first;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
            throw new AssertionError(method + " " + pathAndQuery + " failed: " + first, first);
        }

        public CompletableFuture<Answer> sendAsync() {
            long started = System.nanoTime();
            return CLIENT.sendAsync(build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> new Answer(r.statusCode(), r.headers().map(), r.body(),
                            (System.nanoTime() - started) / 1_000_000));
        }
    }

    public Call get(String pathAndQuery) {
        return new Call("GET", pathAndQuery);
    }

    public Call post(String pathAndQuery) {
        return new Call("POST", pathAndQuery);
    }

    public Call put(String pathAndQuery) {
        return new Call("PUT", pathAndQuery);
    }

    public Call delete(String pathAndQuery) {
        return new Call("DELETE", pathAndQuery);
    }

    public Call method(String method, String pathAndQuery) {
        return new Call(method, pathAndQuery);
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
