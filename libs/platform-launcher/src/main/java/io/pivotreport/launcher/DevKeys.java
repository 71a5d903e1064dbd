package io.pivotreport.launcher;

import io.pivotreport.test.Pem;
import io.pivotreport.test.PostgresAdmin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Development keys, generated once into {@code .platform/keys/} (gitignored) and reused by every later run:
 * <ul>
 *   <li>{@code internal-jwt-private.pem} (PKCS#8) / {@code internal-jwt-public.pem} (X.509): the gateway signs internal
 *       JWTs, private services verify them (RSA 2048);</li>
 *   <li>{@code license-encryption-dev1.key}: base64 AES-256 key for license-service secret encryption;</li>
 *   <li>{@code analytics-org-hash.key}: base64 256-bit HMAC key for analytics organisation-id hashing;</li>
 *   <li>{@code gateway-tls-cert.pem} / {@code gateway-tls-key.pem}: self-signed certificate (EC P-256, PKCS#8 key)
 *       for localhost, 127.0.0.1 and ::1, made with the JDK's keytool;</li>
 *   <li>{@code support-jwt-private.pem} (PKCS#8) / {@code support-jwt-public.pem} (X.509): the development support
 *       issuer (RSA 2048); {@code ./platform support-token} signs with the private half, the gateway verifies support
 *       tokens with the public half. Never the internal-token pair: the support issuer is a separate party;</li>
 *   <li>{@code db-passwords.properties}: one password per service database role.</li>
 * </ul>
 */
public final class DevKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    private DevKeys(Path dir) {
        this.dir = dir;
    }

    /** Generates what is missing; returns true in {@code created[0]} when anything was generated. */
    public static DevKeys ensure(Path dir, String javaExecutable, boolean[] created) {
        DevKeys keys = new DevKeys(dir.toAbsolutePath());
        try {
            Files.createDirectories(keys.dir);
            boolean any = false;
            if (!Files.isRegularFile(keys.internalPrivatePem()) || !Files.isRegularFile(keys.internalPublicPem())) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Pem.writeSecret(keys.internalPrivatePem(), Pem.encode(pair.getPrivate()));
                Files.writeString(keys.internalPublicPem(), Pem.encode(pair.getPublic()));
                any = true;
            }
            if (!Files.isRegularFile(keys.supportPrivatePem()) || !Files.isRegularFile(keys.supportPublicPem())) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Pem.writeSecret(keys.supportPrivatePem(), Pem.encode(pair.getPrivate()));
                Files.writeString(keys.supportPublicPem(), Pem.encode(pair.getPublic()));
                any = true;
            }
            if (!Files.isRegularFile(keys.licenseEncryptionKeyFile())) {
                Pem.writeSecret(keys.licenseEncryptionKeyFile(), randomBase64(32) + "\n");
                any = true;
            }
            if (!Files.isRegularFile(keys.analyticsOrgHashKeyFile())) {
                Pem.writeSecret(keys.analyticsOrgHashKeyFile(), randomBase64(32) + "\n");
                any = true;
            }
            if (!Files.isRegularFile(keys.gatewayTlsCertPem()) || !Files.isRegularFile(keys.gatewayTlsKeyPem())) {
                keys.generateTlsCertificate(javaExecutable);
                any = true;
            }
            if (created != null && created.length > 0) {
                created[0] = any;
            }
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            throw new LauncherException("cannot generate development keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void generateTlsCertificate(String javaExecutable) throws IOException, GeneralSecurityException {
        Path keytool = keytool(javaExecutable);
        Path p12 = dir.resolve("gateway-tls.p12.tmp");
        Files.deleteIfExists(p12);
        String storePass = PostgresAdmin.randomPassword();
        List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "825",
                "-dname", "CN=localhost, O=Pivot Report Cloud development",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1",
                "-keystore", p12.toString(), "-storetype", "PKCS12",
                "-storepass", storePass, "-keypass", storePass));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, storePass.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("gateway", storePass.toCharArray());
        Certificate cert = store.getCertificate("gateway");
        Pem.writeSecret(gatewayTlsKeyPem(), Pem.encode(key));
        Files.writeString(gatewayTlsCertPem(), Pem.encode(cert));
        Files.deleteIfExists(p12);
    }

    private static Path keytool(String javaExecutable) throws IOException {
        Path java = Path.of(javaExecutable);
        Path candidate = java.getParent() == null ? null : java.getParent().resolve("keytool");
        if (candidate != null && Files.isExecutable(candidate)) {
            return candidate;
        }
        Path home = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (Files.isExecutable(home)) {
            return home;
        }
        throw new IOException("keytool not found next to " + javaExecutable + " nor in " + home.getParent()
                + ": install a full JDK 17 (keytool makes the gateway's development TLS certificate)");
    }

    private static String randomBase64(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    public Path dir() {
        return dir;
    }

    public Path internalPrivatePem() {
        return dir.resolve("internal-jwt-private.pem");
    }

    public Path internalPublicPem() {
        return dir.resolve("internal-jwt-public.pem");
    }

    public Path supportPrivatePem() {
        return dir.resolve("support-jwt-private.pem");
    }

    public Path supportPublicPem() {
        return dir.resolve("support-jwt-public.pem");
    }

    public Path licenseEncryptionKeyFile() {
        return dir.resolve("license-encryption-dev1.key");
    }

    public Path analyticsOrgHashKeyFile() {
        return dir.resolve("analytics-org-hash.key");
    }

    public Path gatewayTlsCertPem() {
        return dir.resolve("gateway-tls-cert.pem");
    }

    public Path gatewayTlsKeyPem() {
        return dir.resolve("gateway-tls-key.pem");
    }

    public String licenseEncryptionKeyBase64() {
        return read(licenseEncryptionKeyFile());
    }

    public String analyticsOrgHashKeyBase64() {
        return read(analyticsOrgHashKeyFile());
    }

    /** The password of a database role, generated on first request and kept in {@code db-passwords.properties}. */
    public synchronized String databasePassword(String role) {
        Path file = dir.resolve("db-passwords.properties");
        Properties props = new Properties();
        try {
            if (Files.isRegularFile(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
            }
            String password = props.getProperty(role);
            if (password == null) {
                password = PostgresAdmin.randomPassword();
                props.setProperty(role, password);
                java.io.StringWriter text = new java.io.StringWriter();
                props.store(text, "development database passwords (generated by ./platform up)");
                Pem.writeSecret(file, text.toString());
            }
            return password;
        } catch (IOException e) {
            throw new LauncherException("cannot read/write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new LauncherException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
