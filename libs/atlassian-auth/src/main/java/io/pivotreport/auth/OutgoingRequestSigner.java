package io.pivotreport.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Signs our calls to a tenant's Atlassian product (e.g. the Personal Data Reporting call
 * {@code POST /app/report-accounts/}): an HS256 token with {@code iss} = our app key, the {@code qsh} of the outgoing
 * request and a 180 s lifetime, returned only as an {@code Authorization} header value. Tokens never go in URLs:
 * URLs end up in logs.
 */
public final class OutgoingRequestSigner {
    public static final Duration LIFETIME = Duration.ofSeconds(180);

    private final String appKey;
    private final Clock clock;

    public OutgoingRequestSigner(String appKey, Clock clock) {
        if (appKey == null || appKey.isBlank()) {
            throw new IllegalArgumentException("appKey is required");
        }
        this.appKey = appKey;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param method         HTTP method of the outgoing request
     * @param requestUrl     the full URL that will be called, query included
     * @param productBaseUrl the tenant's {@code baseUrl} from its install payload; {@code requestUrl} must lie under it
     * @param sharedSecret   the tenant's shared secret
     * @return {@code JWT <token>}, the value of the {@code Authorization} header
     * @throws IllegalArgumentException when the URL is not under the tenant's base URL (a token for one host must never
     *                                  be sent to another) or carries a {@code jwt} parameter
     */
    public String authorizationHeader(String method, URI requestUrl, URI productBaseUrl, String sharedSecret) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(sharedSecret, "sharedSecret");
        requireUnder(requestUrl, productBaseUrl);
        String rawQuery = requestUrl.getRawQuery();
        if (FormQuery.parse(rawQuery).stream().anyMatch(p -> FormQuery.JWT_PARAMETER.equals(p.name()))) {
            throw new IllegalArgumentException("request URL must not carry a jwt parameter");
        }
        long now = clock.instant().getEpochSecond();
        ObjectNode claims = ParsedJwt.JSON.createObjectNode()
                .put("iss", appKey)
                .put("iat", now)
                .put("exp", now + LIFETIME.toSeconds())
                .put("qsh", CanonicalRequest.qsh(method, requestUrl.getRawPath(), rawQuery,
                        productBaseUrl.getRawPath()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setHeader("typ", "JWT");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setPayload(claims.toString());
        jws.setKey(new HmacKey(sharedSecret.getBytes(StandardCharsets.UTF_8)));
        try {
            return "JWT " + jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalArgumentException("shared secret not usable for HS256 (shorter than 256 bits?)");
        }
    }

    private static void requireUnder(URI requestUrl, URI baseUrl) {
        Objects.requireNonNull(requestUrl, "requestUrl");
        Objects.requireNonNull(baseUrl, "productBaseUrl");
        if (!requestUrl.isAbsolute() || requestUrl.getHost() == null || baseUrl.getHost() == null
                || !requestUrl.getScheme().equalsIgnoreCase(baseUrl.getScheme())
                || !requestUrl.getHost().equalsIgnoreCase(baseUrl.getHost())
                || effectivePort(requestUrl) != effectivePort(baseUrl)) {
            throw new IllegalArgumentException("request URL is not on the tenant's host");
        }
        String basePath = CanonicalRequest.normalizeBasePath(baseUrl.getRawPath());
        String path = requestUrl.getRawPath() == null ? "" : requestUrl.getRawPath();
        if (!basePath.isEmpty() && !path.equals(basePath) && !path.startsWith(basePath + "/")) {
            throw new IllegalArgumentException("request URL is not under the tenant's base URL");
        }
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 80 : 443;
    }
}
