package io.pivotreport.license.service;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The AES-256 keys for secrets at rest, by id, and AES-GCM with them. Every ciphertext carries the id of the key that
 * sealed it so keys can rotate: new ciphertexts use the active key, old ones stay readable while their key is
 * configured. Error messages name key ids and lengths, never key material.
 */
public final class KeyRing {

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final String ACTIVE = "pivot.license.encryption.active-key-id";
    private static final String KEYS = "pivot.license.encryption.keys";

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    /** A ciphertext and what is needed to open it (besides the associated data). */
    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    private KeyRing(String activeKeyId, Map<String, SecretKey> keys) {
        this.activeKeyId = activeKeyId;
        this.keys = keys;
    }

    /**
     * Builds the ring from configuration, refusing anything that would leave secrets unreadable or weakly encrypted.
     *
     * @throws IllegalStateException naming the property at fault
     */
    public static KeyRing fromConfig(Optional<String> activeKeyId, Map<String, String> encodedKeys) {
        String active = activeKeyId.map(String::trim).filter(s -> !s.isEmpty()).orElseThrow(() ->
                new IllegalStateException(ACTIVE + " is not set: license-service needs an active AES-256 key to "
                        + "encrypt shared secrets"));
        if (!encodedKeys.containsKey(active)) {
            throw new IllegalStateException(ACTIVE + " names key '" + safeId(active) + "' but " + KEYS + "."
                    + safeId(active) + " is not set");
        }
        Map<String, SecretKey> keys = new TreeMap<>();
        encodedKeys.forEach((id, encoded) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException(KEYS + ": key ids must match " + KEY_ID.pattern());
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(encoded == null ? "" : encoded.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(KEYS + "." + id + " is not valid base64");
            }
            if (raw.length != KEY_BYTES) {
                throw new IllegalStateException(KEYS + "." + id + " must be the base64 of exactly " + KEY_BYTES
                        + " bytes (AES-256), but it decodes to " + raw.length + " bytes");
            }
            keys.put(id, new SecretKeySpec(raw, "AES"));
        });
        return new KeyRing(active, Map.copyOf(keys));
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    public boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    /** Seals with the active key. */
    public Sealed seal(byte[] plaintext, byte[] associatedData) {
        return seal(activeKeyId, plaintext, associatedData);
    }

    public Sealed seal(String keyId, byte[] plaintext, byte[] associatedData) {
        SecretKey key = key(keyId);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            return new Sealed(keyId, nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Opens a ciphertext; fails if the key is unknown, the ciphertext was altered, or it was sealed for other
     * associated data (another tenant's row).
     */
    public byte[] open(Sealed sealed, byte[] associatedData) {
        SecretKey key = key(sealed.keyId());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed.ciphertext());
        } catch (GeneralSecurityException e) {
            // no cause: the provider's message adds nothing and must not grow into a leak later
            throw new SecretUnavailableException("ciphertext does not open with key '" + safeId(sealed.keyId()) + "'");
        }
    }

    private SecretKey key(String keyId) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new SecretUnavailableException("key '" + safeId(keyId) + "' is not configured");
        }
        return key;
    }

    private static String safeId(String id) {
        return id != null && KEY_ID.matcher(id).matches() ? id : "<invalid id>";
    }

    /** A stored secret that cannot be opened: its key was removed, or the row was altered or moved. */
    public static final class SecretUnavailableException extends RuntimeException {
        public SecretUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
