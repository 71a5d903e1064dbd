package io.pivotreport.analytics.service;

import io.pivotreport.analytics.config.AnalyticsConfig;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Replaces a server installation's organisation id with HMAC-SHA256 under a secret key (P14). A plain hash of a
 * short, structured id could be reversed by trying every id; without the key it cannot.
 */
@Singleton
public class OrganisationHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    @Inject
    public OrganisationHasher(AnalyticsConfig config) {
        // SettingsCheck refuses to start without a valid key; this only guards direct construction
        this(Base64.getDecoder().decode(config.orgHashKey().orElseThrow(
                () -> new IllegalStateException("pivot.analytics.org-hash-key is required")).trim()));
    }

    public OrganisationHasher(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** Lower-case hex of HMAC-SHA256 over the upper-cased id, so "b8g5-…" and "B8G5-…" are one organisation. */
    public String hash(String organisationId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(organisationId.trim().toUpperCase(Locale.ROOT)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
