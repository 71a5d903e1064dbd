package io.pivotreport.launcher;

import io.pivotreport.test.DatabaseInfo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * THE table of the four services: module, port, database, and every property the launcher writes into
 * {@code .platform/run/<service>/config/application.properties}. Adjust names here and nowhere else.
 *
 * <pre>
 * service            module             port (env)                 database   bind
 * license-service    license-service    8081 PIVOT_LICENSE_PORT    license    127.0.0.1
 * report-service     report-service     8082 PIVOT_REPORT_PORT     report     127.0.0.1
 * analytics-service  analytics-service  8083 PIVOT_ANALYTICS_PORT  analytics  127.0.0.1
 * gateway-service    gateway-service    8080 PIVOT_GATEWAY_PORT    (none)     PIVOT_GATEWAY_HOST (127.0.0.1);
 *                                       HTTPS 8443 PIVOT_GATEWAY_HTTPS_PORT
 *                                       management (health, metrics) 9000 PIVOT_GATEWAY_MANAGEMENT_PORT, 127.0.0.1
 * </pre>
 * A service with a management port ({@code quarkus.management.enabled=true} in its application.properties) serves
 * {@code /q/health/ready} there, so readiness is probed there.
 *
 * @param name        service name (log file, run directory)
 * @param module      Maven module directory under the repository root
 * @param portEnv     environment variable overriding the HTTP port
 * @param defaultPort HTTP port
 * @param database    its database (also its role), or null
 * @param gateway     the public edge (TLS, signs internal tokens, no database)
 * @param managementPortEnv     environment variable overriding the management port, or null without one
 * @param managementDefaultPort management port (health, metrics), 0 without one
 */
public record ServiceSpec(String name, String module, String portEnv, int defaultPort, String database,
                          boolean gateway, String managementPortEnv, int managementDefaultPort) {

    /** Issuer of the internal JWT (gateway mints, private services verify). */
    public static final String INTERNAL_ISSUER = "pivot-gateway";

    public static final ServiceSpec LICENSE =
            new ServiceSpec("license-service", "license-service", "PIVOT_LICENSE_PORT", 8081, "license", false, null, 0);
    public static final ServiceSpec REPORT =
            new ServiceSpec("report-service", "report-service", "PIVOT_REPORT_PORT", 8082, "report", false, null, 0);
    public static final ServiceSpec ANALYTICS =
            new ServiceSpec("analytics-service", "analytics-service", "PIVOT_ANALYTICS_PORT", 8083, "analytics", false, null,
                    0);
    public static final ServiceSpec GATEWAY =
            new ServiceSpec("gateway-service", "gateway-service", "PIVOT_GATEWAY_PORT", 8080, null, true,
                    "PIVOT_GATEWAY_MANAGEMENT_PORT", 9000);

    /** Start order; stop order is the reverse. */
    public static final List<ServiceSpec> START_ORDER = List.of(LICENSE, REPORT, ANALYTICS, GATEWAY);

    /** What the properties are computed from. */
    public interface Context {
        int port(ServiceSpec service);

        /** The management port of a service that has one. */
        int managementPort(ServiceSpec service);

        String host(ServiceSpec service);

        int gatewayHttpsPort();

        DevKeys keys();

        DatabaseInfo database(String name);

        String kafkaBootstrap();

        /** An OpenTelemetry collector to export traces to (PIVOT_OTLP_ENDPOINT), or null: tracing off locally. */
        String otlpEndpoint();
    }

    /** The packaged service. */
    public Path jar(Path home) {
        return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Every property written for this service, in file order. */
    public Map<String, String> properties(Context ctx) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", Integer.toString(ctx.port(this)));
        p.put("quarkus.http.host", ctx.host(this));
        if (database != null) {
            DatabaseInfo db = ctx.database(database);
            p.put("quarkus.datasource.db-kind", "postgresql");
            p.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
            p.put("quarkus.datasource.username", db.user());
            p.put("quarkus.datasource.password", db.password());
        }
        if (hasManagement()) {
            p.put("quarkus.management.port", Integer.toString(ctx.managementPort(this)));
            p.put("quarkus.management.host", "127.0.0.1");
        }
        p.put("kafka.bootstrap.servers", ctx.kafkaBootstrap());
        if (ctx.otlpEndpoint() == null) {
            p.put("quarkus.otel.sdk.disabled", "true"); // no collector locally: no export warning every 5 s
        } else {
            p.put("quarkus.otel.exporter.otlp.endpoint", ctx.otlpEndpoint());
        }

        if (gateway) {
            String internal = "http://127.0.0.1:";
            p.put("smallrye.jwt.sign.key.location", abs(ctx.keys().internalPrivatePem()));
            p.put("pivot.gateway.internal-token.issuer", INTERNAL_ISSUER);
            p.put("pivot.gateway.services.license", internal + ctx.port(LICENSE));
            p.put("pivot.gateway.services.report", internal + ctx.port(REPORT));
            p.put("pivot.gateway.services.analytics", internal + ctx.port(ANALYTICS));
            p.put("quarkus.http.ssl-port", Integer.toString(ctx.gatewayHttpsPort()));
            p.put("quarkus.http.ssl.certificate.files", abs(ctx.keys().gatewayTlsCertPem()));
            p.put("quarkus.http.ssl.certificate.key-files", abs(ctx.keys().gatewayTlsKeyPem()));
            p.put("pivot.gateway.base-url", "https://localhost:" + ctx.gatewayHttpsPort());
            // the development support issuer (./platform support-token signs with its private half)
            p.put("pivot.gateway.support.publickey.location", abs(ctx.keys().supportPublicPem()));
        } else {
            p.put("mp.jwt.verify.publickey.location", abs(ctx.keys().internalPublicPem()));
            p.put("mp.jwt.verify.issuer", INTERNAL_ISSUER);
        }

        if (this.equals(LICENSE)) {
            p.put("pivot.license.encryption.active-key-id", "dev1");
            p.put("pivot.license.encryption.keys.dev1", ctx.keys().licenseEncryptionKeyBase64());
        }
        if (this.equals(ANALYTICS)) {
            p.put("pivot.analytics.org-hash-key", ctx.keys().analyticsOrgHashKeyBase64());
        }
        return p;
    }

    /** Whether the service serves health and metrics on a separate management port. */
    public boolean hasManagement() {
        return managementPortEnv != null;
    }

    /** Where readiness is asked: the management port when there is one, else the HTTP port. */
    public String readyUrl(Context ctx) {
        return (hasManagement() ? "http://127.0.0.1:" + ctx.managementPort(this) : localUrl(ctx)) + "/q/health/ready";
    }

    /** The URL a person or a readiness probe uses: 127.0.0.1 unless bound to one other address. */
    public String localUrl(Context ctx) {
        String host = ctx.host(this);
        String reach = "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
        return "http://" + reach + ":" + ctx.port(this);
    }

    private static String abs(Path path) {
        return path.toAbsolutePath().toString();
    }
}
