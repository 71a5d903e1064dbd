package io.pivotreport.launcher;

import io.pivotreport.test.DatabaseInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The agreed property names per service. */
class ServiceSpecTest {

    static DevKeys keys;

    @BeforeAll
    static void keys() {
        keys = FakeServices.sharedKeys();
    }

    private static final ServiceSpec.Context CTX = new ServiceSpec.Context() {
        @Override
        public int port(ServiceSpec service) {
            return service.defaultPort();
        }

        @Override
        public int managementPort(ServiceSpec service) {
            return service.managementDefaultPort();
        }

        @Override
        public String host(ServiceSpec service) {
            return service.gateway() ? "0.0.0.0" : "127.0.0.1";
        }

        @Override
        public int gatewayHttpsPort() {
            return 8443;
        }

        @Override
        public DevKeys keys() {
            return keys;
        }

        @Override
        public DatabaseInfo database(String name) {
            return new DatabaseInfo(name, "jdbc:postgresql://127.0.0.1:5432/" + name, name, "pw-" + name);
        }

        @Override
        public String kafkaBootstrap() {
            return "127.0.0.1:9092";
        }

        @Override
        public String otlpEndpoint() {
            return null;
        }
    };

    @Test
    void startOrderAndPorts() {
        assertEquals(List.of("license-service", "report-service", "analytics-service", "gateway-service"),
                ServiceSpec.START_ORDER.stream().map(ServiceSpec::name).toList());
        assertEquals(List.of(8081, 8082, 8083, 8080),
                ServiceSpec.START_ORDER.stream().map(ServiceSpec::defaultPort).toList());
    }

    @Test
    void licenseService() {
        Map<String, String> p = ServiceSpec.LICENSE.properties(CTX);
        assertEquals("8081", p.get("quarkus.http.port"));
        assertEquals("127.0.0.1", p.get("quarkus.http.host"));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/license", p.get("quarkus.datasource.jdbc.url"));
        assertEquals("license", p.get("quarkus.datasource.username"));
        assertEquals("pw-license", p.get("quarkus.datasource.password"));
        assertEquals("127.0.0.1:9092", p.get("kafka.bootstrap.servers"));
        assertEquals(keys.internalPublicPem().toAbsolutePath().toString(), p.get("mp.jwt.verify.publickey.location"));
        assertEquals("pivot-gateway", p.get("mp.jwt.verify.issuer"));
        assertEquals("dev1", p.get("pivot.license.encryption.active-key-id"));
        assertEquals(keys.licenseEncryptionKeyBase64(), p.get("pivot.license.encryption.keys.dev1"));
        assertNull(p.get("smallrye.jwt.sign.key.location"), "only the gateway signs");
        assertEquals("true", p.get("quarkus.otel.sdk.disabled"), "no collector locally unless PIVOT_OTLP_ENDPOINT");
    }

    @Test
    void reportAndAnalyticsServices() {
        Map<String, String> report = ServiceSpec.REPORT.properties(CTX);
        assertEquals("jdbc:postgresql://127.0.0.1:5432/report", report.get("quarkus.datasource.jdbc.url"));
        assertFalse(report.containsKey("pivot.license.encryption.active-key-id"));
        Map<String, String> analytics = ServiceSpec.ANALYTICS.properties(CTX);
        assertEquals("8083", analytics.get("quarkus.http.port"));
        assertEquals(keys.analyticsOrgHashKeyBase64(), analytics.get("pivot.analytics.org-hash-key"));
        assertEquals("pivot-gateway", analytics.get("mp.jwt.verify.issuer"));
    }

    @Test
    void gatewayHasTlsSigningKeyRoutesAndNoDatabase() {
        Map<String, String> p = ServiceSpec.GATEWAY.properties(CTX);
        assertEquals("8080", p.get("quarkus.http.port"));
        assertEquals("0.0.0.0", p.get("quarkus.http.host"));
        assertEquals(keys.internalPrivatePem().toAbsolutePath().toString(), p.get("smallrye.jwt.sign.key.location"));
        assertEquals("pivot-gateway", p.get("pivot.gateway.internal-token.issuer"));
        assertEquals("http://127.0.0.1:8081", p.get("pivot.gateway.services.license"));
        assertEquals("http://127.0.0.1:8082", p.get("pivot.gateway.services.report"));
        assertEquals("http://127.0.0.1:8083", p.get("pivot.gateway.services.analytics"));
        assertEquals("8443", p.get("quarkus.http.ssl-port"));
        assertEquals(keys.gatewayTlsCertPem().toAbsolutePath().toString(), p.get("quarkus.http.ssl.certificate.files"));
        assertEquals(keys.gatewayTlsKeyPem().toAbsolutePath().toString(), p.get("quarkus.http.ssl.certificate.key-files"));
        assertEquals("https://localhost:8443", p.get("pivot.gateway.base-url"));
        assertEquals("127.0.0.1:9092", p.get("kafka.bootstrap.servers"));
        assertFalse(p.keySet().stream().anyMatch(k -> k.startsWith("quarkus.datasource")));
        assertFalse(p.containsKey("mp.jwt.verify.publickey.location"));
        assertEquals("http://127.0.0.1:8080", ServiceSpec.GATEWAY.localUrl(CTX));
        assertEquals("9000", p.get("quarkus.management.port"));
        assertEquals("127.0.0.1", p.get("quarkus.management.host"));
        assertEquals("http://127.0.0.1:9000/q/health/ready", ServiceSpec.GATEWAY.readyUrl(CTX),
                "the gateway serves health on its management interface");
        assertEquals("http://127.0.0.1:8081/q/health/ready", ServiceSpec.LICENSE.readyUrl(CTX));
        assertFalse(ServiceSpec.LICENSE.properties(CTX).containsKey("quarkus.management.port"));
    }
}
