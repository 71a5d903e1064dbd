package io.pivotreport.auth;

import java.util.List;
import java.util.Objects;

/**
 * The parts of an HTTP request that token verification looks at. Paths and queries must be raw (as received, not
 * decoded): the {@code qsh} is computed over the encoded form.
 *
 * @param method               HTTP method
 * @param rawPath              request path as received, e.g. {@code /app/installed} (Vert.x {@code request.path()})
 * @param rawQuery             query string as received, without {@code ?}; null when absent
 *                             (Vert.x {@code request.query()})
 * @param authorizationHeaders every {@code Authorization} header value on the request (usually zero or one)
 * @param bodyClientKey        {@code clientKey} from the JSON body of an installed/uninstalled callback; only the
 *                             signed-install verifier reads it, null elsewhere
 */
public record IncomingRequest(
        String method,
        String rawPath,
        String rawQuery,
        List<String> authorizationHeaders,
        String bodyClientKey) {

    public IncomingRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        authorizationHeaders = authorizationHeaders == null ? List.of()
                : authorizationHeaders.stream().filter(Objects::nonNull).toList();
    }

    /** A request with at most one Authorization header ({@code authorization} may be null). */
    public static IncomingRequest of(String method, String rawPath, String rawQuery, String authorization) {
        return new IncomingRequest(method, rawPath, rawQuery,
                authorization == null ? List.of() : List.of(authorization), null);
    }

    /** The same request with the {@code clientKey} read from a lifecycle callback body. */
    public IncomingRequest withBodyClientKey(String clientKey) {
        return new IncomingRequest(method, rawPath, rawQuery, authorizationHeaders, clientKey);
    }

    @Override
    public String toString() {
        // Never print header values or the query: both may hold a token.
        return "IncomingRequest[" + method + " " + rawPath + "]";
    }
}
