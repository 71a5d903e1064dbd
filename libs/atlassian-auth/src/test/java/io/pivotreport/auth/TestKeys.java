package io.pivotreport.auth;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/** RSA key pairs generated once per test JVM (2048-bit generation is the slow part of these tests). */
final class TestKeys {
    static final KeyPair INSTALL = generate();
    static final KeyPair OTHER = generate();
    static final KeyPair FORGE = generate();
    static final KeyPair FORGE_ROTATED = generate();

    private TestKeys() {
    }

    static String pem(PublicKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
