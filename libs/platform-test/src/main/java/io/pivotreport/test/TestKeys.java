package io.pivotreport.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;

/**
 * The internal-JWT RSA 2048 key pair of this JVM's tests: generated once, written as PEM files to a temporary
 * directory (private key PKCS#8 {@code PRIVATE KEY}, public key X.509 {@code PUBLIC KEY}).
 *
 * <pre>{@code
 * %test.mp.jwt.verify.publickey.location=...   // or use InternalJwtTestResource
 * String token = InternalTokens.mint("pivot-gateway", "license-service", "tenant-1", "acc-1", Set.of("user"),
 *                                    Duration.ofSeconds(60));
 * }</pre>
 */
public final class TestKeys {

    private static final TestKeys INSTANCE = create();

    private final KeyPair keyPair;
    private final Path privateKeyPem;
    private final Path publicKeyPem;

    private TestKeys(KeyPair keyPair, Path privateKeyPem, Path publicKeyPem) {
        this.keyPair = keyPair;
        this.privateKeyPem = privateKeyPem;
        this.publicKeyPem = publicKeyPem;
    }

    private static TestKeys create() {
        try {
            KeyPair pair = newRsaKeyPair();
            Path dir = Files.createTempDirectory("pivot-test-keys-");
            Path priv = dir.resolve("internal-jwt-private.pem");
            Path pub = dir.resolve("internal-jwt-public.pem");
            Pem.writeSecret(priv, Pem.encode(pair.getPrivate()));
            Files.writeString(pub, Pem.encode(pair.getPublic()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> EmbeddedPostgresServer.deleteTree(dir),
                    "pivot-test-keys-cleanup"));
            return new TestKeys(pair, priv, pub);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new RSA 2048 key pair (e.g. a foreign key for forged tokens). */
    public static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair keyPair() {
        return INSTANCE.keyPair;
    }

    public static PrivateKey privateKey() {
        return INSTANCE.keyPair.getPrivate();
    }

    public static RSAPublicKey publicKey() {
        return (RSAPublicKey) INSTANCE.keyPair.getPublic();
    }

    /** PKCS#8 PEM of the private key (for {@code smallrye.jwt.sign.key.location}). */
    public static Path privateKeyPem() {
        return INSTANCE.privateKeyPem;
    }

    /** X.509 PEM of the public key (for {@code mp.jwt.verify.publickey.location}). */
    public static Path publicKeyPem() {
        return INSTANCE.publicKeyPem;
    }
}
