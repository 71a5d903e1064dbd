package io.pivotreport.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the verifiers need to know about us and about Atlassian's key services. Build it with
 * {@link #builder(URI)}; only the app base URL has no default.
 *
 * @param appBaseUrl         our app's base URL as declared in the Connect descriptor; signed installs must name it in
 *                           {@code aud}
 * @param basePath           raw path prefix removed before the canonical request is built (defaults to the path of
 *                           {@code appBaseUrl}); empty when the app is served from the root
 * @param leeway             clock skew tolerated on {@code exp}, {@code iat} and {@code nbf}
 * @param maxTokenBytes      tokens longer than this are refused before any parsing
 * @param installKeysBaseUrl the install-keys service; a key is fetched from {@code <base>/<kid>}
 * @param forgeAppId         our Forge app id, bare UUID or full {@code ari:cloud:ecosystem::app/<id>}; null when the
 *                           app takes no Forge traffic
 * @param forgeJwksUrl       the JWKS that signs Forge invocation tokens
 * @param connectTimeout     TCP connect timeout for key fetches
 * @param readTimeout        overall deadline for one key fetch once connected (headers and body)
 */
public record AuthSettings(
        URI appBaseUrl,
        String basePath,
        Duration leeway,
        int maxTokenBytes,
        URI installKeysBaseUrl,
        String forgeAppId,
        URI forgeJwksUrl,
        Duration connectTimeout,
        Duration readTimeout) {

    public static final URI DEFAULT_INSTALL_KEYS_BASE_URL = URI.create("https://connect-install-keys.atlassian.com");
    /** Forge's production JWKS for invocation tokens. */
    public static final URI DEFAULT_FORGE_JWKS_URL =
            URI.create("https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json");
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);

    static final String FORGE_APP_ARI_PREFIX = "ari:cloud:ecosystem::app/";

    public AuthSettings {
        Objects.requireNonNull(appBaseUrl, "appBaseUrl");
        if (!appBaseUrl.isAbsolute() || appBaseUrl.getHost() == null) {
            throw new IllegalArgumentException("appBaseUrl must be an absolute URL with a host");
        }
        basePath = CanonicalRequest.normalizeBasePath(basePath == null ? appBaseUrl.getRawPath() : basePath);
        Objects.requireNonNull(leeway, "leeway");
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("leeway must not be negative");
        }
        if (maxTokenBytes <= 0) {
            throw new IllegalArgumentException("maxTokenBytes must be positive");
        }
        Objects.requireNonNull(installKeysBaseUrl, "installKeysBaseUrl");
        Objects.requireNonNull(forgeJwksUrl, "forgeJwksUrl");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (forgeAppId != null && forgeAppId.isBlank()) {
            forgeAppId = null;
        }
    }

    public static Builder builder(URI appBaseUrl) {
        return new Builder(appBaseUrl);
    }

    public static Builder builder(String appBaseUrl) {
        return new Builder(URI.create(appBaseUrl));
    }

    /** Our app base URL without a trailing slash, the form compared with {@code aud}. */
    public String audience() {
        return stripTrailingSlash(appBaseUrl.toString());
    }

    /** Our Forge app as an ARI ({@code ari:cloud:ecosystem::app/<id>}), the form Forge puts in {@code aud}. */
    public String forgeAppAri() {
        if (forgeAppId == null) {
            throw new IllegalStateException("forgeAppId is not configured");
        }
        return forgeAppId.startsWith(FORGE_APP_ARI_PREFIX) ? forgeAppId : FORGE_APP_ARI_PREFIX + forgeAppId;
    }

    static String stripTrailingSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Mutable builder with the documented defaults. */
    public static final class Builder {
        private final URI appBaseUrl;
        private String basePath;
        private Duration leeway = DEFAULT_LEEWAY;
        private int maxTokenBytes = DEFAULT_MAX_TOKEN_BYTES;
        private URI installKeysBaseUrl = DEFAULT_INSTALL_KEYS_BASE_URL;
        private String forgeAppId;
        private URI forgeJwksUrl = DEFAULT_FORGE_JWKS_URL;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;

        private Builder(URI appBaseUrl) {
            this.appBaseUrl = appBaseUrl;
        }

        public Builder basePath(String basePath) {
            this.basePath = basePath;
            return this;
        }

        public Builder leeway(Duration leeway) {
            this.leeway = leeway;
            return this;
        }

        public Builder maxTokenBytes(int maxTokenBytes) {
            this.maxTokenBytes = maxTokenBytes;
            return this;
        }

        public Builder installKeysBaseUrl(URI installKeysBaseUrl) {
            this.installKeysBaseUrl = installKeysBaseUrl;
            return this;
        }

        public Builder forgeAppId(String forgeAppId) {
            this.forgeAppId = forgeAppId;
            return this;
        }

        public Builder forgeJwksUrl(URI forgeJwksUrl) {
            this.forgeJwksUrl = forgeJwksUrl;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public AuthSettings build() {
            return new AuthSettings(appBaseUrl, basePath, leeway, maxTokenBytes, installKeysBaseUrl, forgeAppId,
                    forgeJwksUrl, connectTimeout, readTimeout);
        }
    }
}
