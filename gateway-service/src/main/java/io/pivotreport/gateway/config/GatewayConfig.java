package io.pivotreport.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything an operator may change about the gateway. Every setting is in docs/gateway-service.md's configuration
 * table; {@link GatewayConfigCheck} refuses to start with values that would weaken the security promises.
 */
@ConfigMapping(prefix = "pivot.gateway")
public interface GatewayConfig {

    /** The Connect app key: the descriptor's {@code key}, the {@code WWW-Authenticate} realm, the payload {@code key}. */
    @WithDefault("io.pivotreport.pivot-report")
    String appKey();

    /**
     * The public HTTPS base URL Atlassian reaches the gateway at (descriptor {@code baseUrl}); signed installs must name
     * it in {@code aud}. No default: a wrong base URL would make every install fail.
     */
    URI baseUrl();

    /** The app's name in the descriptor, shown to Jira administrators. */
    @WithDefault("Pivot Report")
    String appName();

    /** The descriptor's description. */
    @WithDefault("Pivot tables and charts over Jira issues")
    String appDescription();

    /** The descriptor's vendor. */
    Vendor vendor();

    /** Atlassian's install-keys service: the RS256 key of a signed install is fetched from {@code <url>/<kid>}. */
    @WithDefault("https://connect-install-keys.atlassian.com")
    URI installKeysUrl();

    /** Forge Remote. */
    Forge forge();

    /**
     * Hosts a tenant's {@code baseUrl} may have ({@code *.example.net} matches exactly one or more labels before
     * {@code .example.net}; anything else is an exact host). Lifecycle callbacks for other hosts are refused with 403.
     */
    @WithDefault("*.atlassian.net,*.jira.com,*.jira-dev.com")
    List<String> allowedHostPatterns();

    /** Clock skew tolerated on the {@code iat}, {@code exp} and {@code nbf} of Atlassian tokens. */
    @WithDefault("30s")
    Duration leeway();

    /** Atlassian tokens longer than this many characters are refused before they are parsed. */
    @WithDefault("8192")
    int maxTokenBytes();

    /** Fetching install keys and the Forge JWKS. */
    KeyFetch keyFetch();

    /** The private services behind the gateway. */
    Services services();

    /** The in-memory cache of tenant secrets and Forge installations. */
    TenantCache tenantCache();

    /** The licence policy. */
    License license();

    /** The per-tenant rate limit. */
    RateLimit rateLimit();

    /** {@code POST /api/events}. */
    Events events();

    /** Connect and Forge lifecycle callbacks. */
    Lifecycle lifecycle();

    /** {@code /api/reports}. */
    Reports reports();

    /** Internal tokens the gateway mints for the private services. */
    InternalToken internalToken();

    /** HTTP Strict Transport Security on TLS responses. */
    Hsts hsts();

    /** The general page's shell. */
    Page page();

    /** The audited support path ({@code GET /support/tenants/{tenantId}/...}) and the support issuer's tokens. */
    Support support();

    interface Vendor {
        /** Vendor name in the descriptor. */
        @WithDefault("Pivot Report")
        String name();

        /** Vendor URL in the descriptor. */
        @WithDefault("https://pivotreport.io")
        URI url();
    }

    interface Forge {
        /**
         * Our Forge app id (UUID or {@code ari:cloud:ecosystem::app/<uuid>}); invocation tokens must name it in
         * {@code aud} and {@code app.id}. Unset: Forge tokens are refused everywhere.
         */
        Optional<String> appId();

        /** The JWKS that signs Forge invocation tokens. */
        @WithDefault("https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json")
        URI jwksUrl();
    }

    interface KeyFetch {
        /** TCP connect timeout of one key fetch. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** Deadline of one key fetch once connected. */
        @WithDefault("3s")
        Duration readTimeout();
    }

    interface Services {
        /** license-service base URL, e.g. {@code http://license-service:8081}. */
        URI license();

        /** report-service base URL, e.g. {@code http://report-service:8082}. */
        URI report();

        /**
         * analytics-service base URL. No gateway route calls it over HTTP today (session events travel over Kafka); it
         * is configured so every private service has one documented address.
         */
        Optional<URI> analytics();

        /** TCP connect timeout to a private service: a service that is down answers 503 fast. */
        @WithDefault("1s")
        Duration connectTimeout();

        /** Deadline of one call to a private service, headers and body. */
        @WithDefault("5s")
        Duration requestTimeout();

        /** {@code Retry-After} seconds on a 503 caused by a private service. */
        @WithDefault("5")
        int retryAfterSeconds();
    }

    interface TenantCache {
        /** At most this many tenants (Connect and Forge each) are held; the least recently used go first. */
        @WithDefault("10000")
        int maxEntries();

        /** A cached tenant is looked up again after this long, so a rotated secret or a state change shows up. */
        @WithDefault("60s")
        Duration ttl();

        /** An unknown clientKey or installation is remembered this long, so a flood of made-up issuers costs one lookup. */
        @WithDefault("10s")
        Duration negativeTtl();

        /**
         * At most this many remote look-ups per second (bursts of twice as many): tokens with made-up issuers cannot
         * turn the gateway into a load generator against license-service; over budget the answer is 503.
         */
        @WithDefault("50")
        int maxLookupsPerSecond();
    }

    interface License {
        /**
         * Require {@code lic=active} (the last licence check recorded at license-service) for paid features
         * ({@code /api/reports}); other answers get 402. Off: everything is served and the page shows no notice.
         */
        @WithDefault("true")
        boolean enforce();

        /** How long the gateway trusts a licence status it read from license-service. */
        @WithDefault("60s")
        Duration cacheTtl();
    }

    interface RateLimit {
        /** Turn the per-tenant limit on or off. */
        @WithDefault("true")
        boolean enabled();

        /** Bucket size: the burst a tenant may send at once. */
        @WithDefault("120")
        int capacity();

        /** Tokens added per second: the sustained request rate of one tenant. */
        @WithDefault("20")
        double refillPerSecond();

        /** At most this many tenant buckets are held (least recently used out). */
        @WithDefault("10000")
        int maxTenants();
    }

    interface Events {
        /** At most this many events per batch. */
        @WithDefault("100")
        int maxEvents();

        /** At most this many bytes per batch. */
        @WithDefault("262144")
        int maxBodyBytes();

        /** How long a batch waits for the broker's acknowledgement before the gateway answers 503. */
        @WithDefault("5s")
        Duration ackTimeout();

        /** {@code Retry-After} seconds on a 503 caused by Kafka. */
        @WithDefault("5")
        int retryAfterSeconds();
    }

    interface Lifecycle {
        /** Lifecycle bodies larger than this are refused (413). */
        @WithDefault("16384")
        int maxBodyBytes();
    }

    interface Reports {
        /** Report bodies larger than this are refused (413) before they reach report-service. */
        @WithDefault("65536")
        int maxBodyBytes();
    }

    interface InternalToken {
        /** {@code iss} of internal tokens; the private services accept this issuer only. */
        @WithDefault("pivot-gateway")
        String issuer();

        /** Lifetime of an internal token; at most 60 s (checked at start-up). */
        @WithDefault("60s")
        Duration lifetime();
    }

    interface Hsts {
        /** {@code Strict-Transport-Security: max-age}; at least one year (checked at start-up). */
        @WithDefault("31536000s")
        Duration maxAge();

        /** Add {@code includeSubDomains}. */
        @WithDefault("true")
        boolean includeSubDomains();
    }

    interface Page {
        /** Atlassian's Connect JavaScript API, loaded by the page shell. */
        @WithDefault("https://connect-cdn.atl-paas.net/all.js")
        URI allJsUrl();

        /** The app's front end (a path on the gateway), loaded by the page shell. */
        @WithDefault("/assets/pivot-report.js")
        String frontendScript();

        /** The app's stylesheet (a path on the gateway). */
        @WithDefault("/assets/pivot-report.css")
        String stylesheet();
    }

    interface Support {
        /** {@code iss} support tokens must carry: the support issuer, never the gateway or Atlassian. */
        @WithDefault("pivot-support")
        String issuer();

        /** {@code aud} support tokens must name. */
        @WithDefault("pivot-support")
        String audience();

        /**
         * Longest lifetime ({@code exp - iat}) a support token may have; a token issued for longer is refused even
         * while it is valid, so a leaked one opens tenant data for minutes, not days.
         */
        @WithDefault("PT15M")
        Duration maxTokenLifetime();

        /** The support issuer's public key. */
        PublicKey publickey();

        /** Per-engineer limit on support requests. */
        SupportRateLimit rateLimit();

        interface PublicKey {
            /**
             * PEM file ({@code -----BEGIN PUBLIC KEY-----}, RSA or EC P-256) that verifies support tokens (RS256 or
             * ES256). Unset: every support request is refused with 401.
             */
            Optional<java.nio.file.Path> location();
        }

        interface SupportRateLimit {
            /** Burst of support requests one engineer may send at once. */
            @WithDefault("20")
            int capacity();

            /** Sustained support requests per second per engineer. */
            @WithDefault("10")
            double refillPerSecond();
        }
    }
}
