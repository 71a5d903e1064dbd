package io.pivotreport.license.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One installation of the app: a Connect site (by {@code clientKey}) or a Forge installation (by installation id).
 * The shared secret is only ever held as AES-GCM ciphertext; see {@code SecretCipher}.
 */
@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {

    @Id
    public UUID id;

    @Convert(converter = EnumConverters.PlatformConverter.class)
    public Platform platform;

    @Convert(converter = EnumConverters.StateConverter.class)
    public TenantState state;

    @Column(name = "client_key")
    public String clientKey;
    @Column(name = "base_url")
    public String baseUrl;
    @Column(name = "display_url")
    public String displayUrl;
    @Column(name = "product_type")
    public String productType;
    @Column(name = "oauth_client_id")
    public String oauthClientId;
    @Column(name = "entitlement_id")
    public String entitlementId;
    @Column(name = "entitlement_number")
    public String entitlementNumber;
    @Column(name = "cloud_id")
    public String cloudId;
    @Column(name = "installation_id")
    public String installationId;

    @Column(name = "forge_installation_id")
    public String forgeInstallationId;
    @Column(name = "environment_type")
    public String environmentType;
    @Column(name = "environment_id")
    public String environmentId;
    @Column(name = "app_id")
    public String appId;

    @Column(name = "secret_key_id")
    public String secretKeyId;
    @Column(name = "secret_nonce")
    public byte[] secretNonce;
    @Column(name = "secret_ciphertext")
    public byte[] secretCiphertext;

    @Convert(converter = EnumConverters.EventConverter.class)
    @Column(name = "install_event")
    public LifecycleEvent installEvent;
    @Column(name = "install_event_iat")
    public Long installEventIat;
    @Column(name = "installed_since_iat")
    public Long installedSinceIat;
    @Convert(converter = EnumConverters.EventConverter.class)
    @Column(name = "enablement_event")
    public LifecycleEvent enablementEvent;
    @Column(name = "enablement_event_iat")
    public Long enablementEventIat;
    @Column(name = "previous_tenant_id")
    public UUID previousTenantId;

    @Column(name = "license_status")
    public String licenseStatus;
    @Column(name = "license_source")
    public String licenseSource;
    @Column(name = "license_checked_at")
    public Instant licenseCheckedAt;
    @Column(name = "license_recorded_at")
    public Instant licenseRecordedAt;

    @Column(name = "installed_at")
    public Instant installedAt;
    @Column(name = "uninstalled_at")
    public Instant uninstalledAt;
    @Column(name = "erase_after")
    public Instant eraseAfter;
    @Column(name = "erased_at")
    public Instant erasedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public LifecycleRegisters registers() {
        return new LifecycleRegisters(installEvent, installEventIat, installedSinceIat, enablementEvent,
                enablementEventIat);
    }

    public void registers(LifecycleRegisters registers) {
        installEvent = registers.installEvent();
        installEventIat = registers.installIat();
        installedSinceIat = registers.installedSinceIat();
        enablementEvent = registers.enablementEvent();
        enablementEventIat = registers.enablementIat();
    }

    public boolean hasSecret() {
        return secretCiphertext != null;
    }

    /** The Connect tenant with this client key, locked for the rest of the transaction. */
    public static Optional<Tenant> lockByClientKey(String clientKey) {
        return find("clientKey", clientKey).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The Forge tenant with this installation id, locked for the rest of the transaction. */
    public static Optional<Tenant> lockByForgeInstallation(String installationId) {
        return find("forgeInstallationId", installationId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    public static Optional<Tenant> byClientKey(String clientKey) {
        return find("clientKey", clientKey).firstResultOptional();
    }

    public static Optional<Tenant> byForgeInstallation(String installationId) {
        return find("forgeInstallationId", installationId).firstResultOptional();
    }

    /**
     * Wipes everything but the tombstone (id, platform, state, erasure time): identity, details, secret, licence and
     * lifecycle registers go.
     */
    public void eraseToTombstone(Instant now) {
        state = TenantState.ERASED;
        erasedAt = now;
        updatedAt = now;
        clientKey = null;
        baseUrl = null;
        displayUrl = null;
        productType = null;
        oauthClientId = null;
        entitlementId = null;
        entitlementNumber = null;
        cloudId = null;
        installationId = null;
        forgeInstallationId = null;
        environmentType = null;
        environmentId = null;
        appId = null;
        secretKeyId = null;
        secretNonce = null;
        secretCiphertext = null;
        registers(LifecycleRegisters.NONE);
        previousTenantId = null;
        licenseStatus = null;
        licenseSource = null;
        licenseCheckedAt = null;
        licenseRecordedAt = null;
        installedAt = null;
        uninstalledAt = null;
        eraseAfter = null;
    }
}
