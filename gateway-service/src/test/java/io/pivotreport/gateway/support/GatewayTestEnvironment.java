package io.pivotreport.gateway.support;

import io.pivotreport.test.EmbeddedKafkaBroker;
import io.pivotreport.test.InternalTokens;
import io.pivotreport.test.Ports;
import io.pivotreport.test.TestKafka;
import io.pivotreport.test.TestKeys;
import io.pivotreport.test.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Everything the gateway talks to, real and local, started once for the test JVM:
 * <ul>
 *   <li>license-service and report-service, their packaged jars as child processes ({@link QuarkusAppProcess}), each
 *       with its own database on platform-test's PostgreSQL and platform-test's Kafka;</li>
 *   <li>a Kafka broker of the gateway's own for session events, so a test can stop it and prove the 503;</li>
 *   <li>a loopback install-keys and Forge JWKS server ({@link LocalKeyServer});</li>
 *   <li>a support issuer's key pair (the public half as a PEM file) and a stand-in for analytics-service's support
 *       route ({@link SupportStandIn});</li>
 *   <li>the internal-token key pair of {@link TestKeys} (the gateway signs, the services verify);</li>
 *   <li>a self-signed TLS certificate generated at start (keytool), for the HTTPS port.</li>
 * </ul>
 */
public class GatewayTestEnvironment implements QuarkusTestResourceLifecycleManager {

    public static final String BASE_URL = "https://pivot-gateway.example.test";
    public static final String APP_KEY = "io.pivotreport.pivot-report";
    public static final String FORGE_APP_ID = "5d1f3c8e-2b7a-4c1e-9f3d-0a6b8c9d1e2f";
    public static final String FORGE_APP_ARI = "ari:cloud:ecosystem::app/" + FORGE_APP_ID;
    public static final String INSTALL_KID = "install-key-1";
    public static final String FORGE_KID = "forge-key-1";

    private static volatile Environment current;

    /** Handles of the running environment, for tests. */
    public record Environment(LocalKeyServer keys, KeyPair installKeys, KeyPair forgeKeys, EmbeddedKafkaBroker kafka,
                              QuarkusAppProcess licenseService, QuarkusAppProcess reportService, Path workDir,
                              KeyPair supportKeys, SupportStandIn analyticsStandIn) {
    }

    public static Environment current() {
        Environment environment = current;
        if (environment == null) {
            throw new IllegalStateException("GatewayTestEnvironment has not started");
        }
        return environment;
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            Path workDir = Files.createTempDirectory("pivot-gateway-test-");
            LocalKeyServer keys = new LocalKeyServer();
            KeyPair installKeys = TestKeys.newRsaKeyPair();
            KeyPair forgeKeys = TestKeys.newRsaKeyPair();
            keys.addInstallKey(INSTALL_KID, installKeys.getPublic());
            keys.addForgeKey(FORGE_KID, forgeKeys.getPublic());

            EmbeddedKafkaBroker kafka = withKafkaClassLoader(() -> EmbeddedKafkaBroker.builder()
                    .dataDirectory(workDir.resolve("kafka"))
                    .persistent(true) // survives the stop/start of the broker-down test
                    .build()
                    .start());

            Path services = Path.of("..").toAbsolutePath().normalize();
            String sharedKafka = withKafkaClassLoader(() -> TestKafka.shared().bootstrapServers());
            QuarkusAppProcess license = QuarkusAppProcess.builder("license-service", services.resolve("license-service"))
                    .datasource(TestPostgres.shared().createDatabase(TestPostgres.uniqueName("gw_license")))
                    .kafka(sharedKafka)
                    .internalJwtVerification(TestKeys.publicKeyPem(), InternalTokens.GATEWAY_ISSUER)
                    .property("pivot.license.encryption.active-key-id", "gwtest")
                    .property("pivot.license.encryption.keys.gwtest", randomKey())
                    .logDirectory(workDir.resolve("logs"))
                    .snapshot(true)
                    .build();
            QuarkusAppProcess report = QuarkusAppProcess.builder("report-service", services.resolve("report-service"))
                    .datasource(TestPostgres.shared().createDatabase(TestPostgres.uniqueName("gw_report")))
                    .kafka(sharedKafka)
                    .internalJwtVerification(TestKeys.publicKeyPem(), InternalTokens.GATEWAY_ISSUER)
                    .logDirectory(workDir.resolve("logs"))
                    .snapshot(true)
                    .build();
            startBoth(license, report);

            KeyPair supportKeys = TestKeys.newRsaKeyPair();
            Path supportPublicKey = workDir.resolve("support-public.pem");
            Files.writeString(supportPublicKey, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(supportKeys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            SupportStandIn analytics = new SupportStandIn();

            current = new Environment(keys, installKeys, forgeKeys, kafka, license, report, workDir, supportKeys,
                    analytics);

            Map<String, String> config = new HashMap<>();
            config.put("pivot.gateway.base-url", BASE_URL);
            config.put("pivot.gateway.app-key", APP_KEY);
            config.put("pivot.gateway.install-keys-url", keys.installKeysUrl().toString());
            config.put("pivot.gateway.forge.app-id", FORGE_APP_ID);
            config.put("pivot.gateway.forge.jwks-url", keys.jwksUrl().toString());
            config.put("pivot.gateway.services.license", license.baseUrl().toString());
            config.put("pivot.gateway.services.report", report.baseUrl().toString());
            // analytics-service is not started: its support route is played by a stand-in that records the token
            config.put("pivot.gateway.services.analytics", analytics.baseUrl().toString());
            config.put("pivot.gateway.support.publickey.location", supportPublicKey.toString());
            config.put("smallrye.jwt.sign.key.location", TestKeys.privateKeyPem().toAbsolutePath().toString());
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            // a fixed free port: @TestHTTPResource(management = true) reads the configured one, not the bound one
            config.put("quarkus.management.test-port", Integer.toString(Ports.freePort()));
            Path keystore = selfSignedKeystore(workDir);
            config.put("quarkus.http.ssl.certificate.key-store-file", keystore.toString());
            config.put("quarkus.http.ssl.certificate.key-store-password", "changeit");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kafka's broker loads some classes through the thread's context class loader and others through its own; under
     * the Quarkus test class loaders the two differ unless they are made the same for the start.
     */
    public static <T> T withKafkaClassLoader(java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(kafka.server.KafkaRaftServer.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Both services start in parallel: each takes a few seconds of mostly waiting on its own JVM. */
    private static void startBoth(QuarkusAppProcess first, QuarkusAppProcess second) {
        RuntimeException[] failure = new RuntimeException[1];
        Thread other = new Thread(() -> {
            try {
                second.start();
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        }, "start-" + second.name());
        other.start();
        RuntimeException firstFailure = null;
        try {
            first.start();
        } catch (RuntimeException e) {
            firstFailure = e;
        }
        try {
            other.join(TimeUnit.MINUTES.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException any = firstFailure != null ? firstFailure : failure[0];
        if (any != null) {
            first.close();
            second.close();
            throw any;
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A PKCS#12 keystore with a fresh self-signed certificate for localhost, made by the JDK's keytool. */
    private static Path selfSignedKeystore(Path dir) throws IOException {
        Path keystore = dir.resolve("gateway-tls.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "gateway", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext",
                "san=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-keypass", "changeit");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the TLS keystore", e);
        }
        return keystore;
    }

    @Override
    public synchronized void stop() {
        Environment environment = current;
        current = null;
        if (environment == null) {
            return;
        }
        environment.licenseService().close();
        environment.reportService().close();
        environment.kafka().close();
        environment.keys().close();
        environment.analyticsStandIn().close();
    }

    /** A fresh random id for a test tenant's clientKey. */
    public static String newClientKey() {
        return "jira:" + UUID.randomUUID();
    }

    /** A free port nobody listens on (for "service down" cases). */
    public static int deadPort() {
        return Ports.freePort();
    }
}
