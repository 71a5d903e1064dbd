package io.pivotreport.license.service;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyRingTest {

    private static String key(int bytes) {
        byte[] raw = new byte[bytes];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void startUpFailsWhenNoActiveKeyIsConfigured() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyRing.fromConfig(Optional.empty(), Map.of("k1", key(32))));
        assertTrue(e.getMessage().contains("pivot.license.encryption.active-key-id is not set"), e.getMessage());
    }

    @Test
    void startUpFailsWhenTheActiveKeyIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyRing.fromConfig(Optional.of("k2"), Map.of("k1", key(32))));
        assertEquals("pivot.license.encryption.active-key-id names key 'k2' but pivot.license.encryption.keys.k2 is "
                + "not set", e.getMessage());
    }

    @Test
    void startUpFailsWhenAKeyIsNot32BytesAndTheMessageDoesNotShowTheKey() {
        String shortKey = key(16);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyRing.fromConfig(Optional.of("k1"), Map.of("k1", shortKey)));
        assertTrue(e.getMessage().contains("exactly 32 bytes") && e.getMessage().contains("decodes to 16 bytes"),
                e.getMessage());
        assertFalse(e.getMessage().contains(shortKey));
    }

    @Test
    void startUpFailsWhenAKeyIsNotBase64() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KeyRing.fromConfig(Optional.of("k1"), Map.of("k1", "not base64 at all!")));
        assertEquals("pivot.license.encryption.keys.k1 is not valid base64", e.getMessage());
    }

    @Test
    void sealedSecretsOpenWithTheSameAssociatedDataOnly() {
        KeyRing ring = KeyRing.fromConfig(Optional.of("k1"), Map.of("k1", key(32)));
        byte[] secret = "a-shared-secret-of-some-length".getBytes(StandardCharsets.UTF_8);
        byte[] tenantA = SecretCipher.associatedData(UUID.randomUUID(), "k1");
        byte[] tenantB = SecretCipher.associatedData(UUID.randomUUID(), "k1");
        KeyRing.Sealed sealed = ring.seal(secret, tenantA);
        assertEquals("k1", sealed.keyId());
        assertEquals(12, sealed.nonce().length);
        assertArrayEquals(secret, ring.open(sealed, tenantA));
        assertThrows(KeyRing.SecretUnavailableException.class, () -> ring.open(sealed, tenantB));
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        KeyRing ring = KeyRing.fromConfig(Optional.of("k1"), Map.of("k1", key(32)));
        byte[] aad = SecretCipher.associatedData(UUID.randomUUID(), "k1");
        KeyRing.Sealed sealed = ring.seal("secret-secret-secret".getBytes(StandardCharsets.UTF_8), aad);
        byte[] altered = sealed.ciphertext().clone();
        altered[0] ^= 1;
        assertThrows(KeyRing.SecretUnavailableException.class,
                () -> ring.open(new KeyRing.Sealed("k1", sealed.nonce(), altered), aad));
    }

    @Test
    void aRetiredKeyStillOpensItsCiphertextsWhileNewOnesUseTheActiveKey() {
        String k1 = key(32);
        KeyRing before = KeyRing.fromConfig(Optional.of("k1"), Map.of("k1", k1));
        KeyRing after = KeyRing.fromConfig(Optional.of("k2"), Map.of("k1", k1, "k2", key(32)));
        UUID tenant = UUID.randomUUID();
        byte[] secret = "rotating-secret-value".getBytes(StandardCharsets.UTF_8);
        KeyRing.Sealed old = before.seal(secret, SecretCipher.associatedData(tenant, "k1"));
        assertArrayEquals(secret, after.open(old, SecretCipher.associatedData(tenant, "k1")));
        assertEquals("k2", after.seal(secret, SecretCipher.associatedData(tenant, "k2")).keyId());
    }

    @Test
    void aCiphertextRelabelledWithAnotherKeyIdDoesNotOpen() {
        String shared = key(32);
        KeyRing ring = KeyRing.fromConfig(Optional.of("k1"), Map.of("k1", shared, "k2", shared));
        UUID tenant = UUID.randomUUID();
        KeyRing.Sealed sealed = ring.seal("k1", "secret-secret-secret".getBytes(StandardCharsets.UTF_8),
                SecretCipher.associatedData(tenant, "k1"));
        KeyRing.Sealed relabelled = new KeyRing.Sealed("k2", sealed.nonce(), sealed.ciphertext());
        assertThrows(KeyRing.SecretUnavailableException.class,
                () -> ring.open(relabelled, SecretCipher.associatedData(tenant, "k2")));
    }
}
