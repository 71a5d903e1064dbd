package io.pivotreport.license.service;

import io.pivotreport.license.config.LicenseConfig;
import io.pivotreport.license.model.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.UUID;

/**
 * Encrypts a tenant's shared secret into its row and back. The associated data binds each ciphertext to its tenant and
 * key id, so a ciphertext copied into another tenant's row (or relabelled with another key id) does not open.
 */
@ApplicationScoped
public class SecretCipher {

    private static final String AAD_PREFIX = "pivot-license/shared-secret/v1/";

    private final KeyRing ring;

    @Inject
    public SecretCipher(LicenseConfig config) {
        this.ring = KeyRing.fromConfig(config.encryption().activeKeyId(), config.encryption().keys());
    }

    public KeyRing ring() {
        return ring;
    }

    /** Replaces the tenant's secret with a ciphertext under the active key. */
    public void store(Tenant tenant, String sharedSecret) {
        Objects.requireNonNull(tenant.id, "tenant id first: it is part of the associated data");
        String keyId = ring.activeKeyId();
        KeyRing.Sealed sealed = ring.seal(keyId, sharedSecret.getBytes(StandardCharsets.UTF_8),
                associatedData(tenant.id, keyId));
        tenant.secretKeyId = sealed.keyId();
        tenant.secretNonce = sealed.nonce();
        tenant.secretCiphertext = sealed.ciphertext();
    }

    public String reveal(Tenant tenant) {
        if (!tenant.hasSecret()) {
            throw new KeyRing.SecretUnavailableException("tenant has no stored secret");
        }
        byte[] plain = ring.open(new KeyRing.Sealed(tenant.secretKeyId, tenant.secretNonce, tenant.secretCiphertext),
                associatedData(tenant.id, tenant.secretKeyId));
        return new String(plain, StandardCharsets.UTF_8);
    }

    /** Whether the stored secret equals {@code candidate}, compared in constant time; false if none is stored. */
    public boolean matches(Tenant tenant, String candidate) {
        if (!tenant.hasSecret() || !ring.knows(tenant.secretKeyId)) {
            return false;
        }
        try {
            return MessageDigest.isEqual(reveal(tenant).getBytes(StandardCharsets.UTF_8),
                    candidate.getBytes(StandardCharsets.UTF_8));
        } catch (KeyRing.SecretUnavailableException e) {
            return false;
        }
    }

    /** Whether the secret is sealed with a key other than the active one (and that key is still configured). */
    public boolean needsReencryption(Tenant tenant) {
        return tenant.hasSecret() && !ring.activeKeyId().equals(tenant.secretKeyId) && ring.knows(tenant.secretKeyId);
    }

    /** Moves the secret to the active key; returns the key id it was sealed with before. */
    public String reencrypt(Tenant tenant) {
        String previous = tenant.secretKeyId;
        store(tenant, reveal(tenant));
        return previous;
    }

    static byte[] associatedData(UUID tenantId, String keyId) {
        return (AAD_PREFIX + tenantId + "/" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
