package io.pivotreport.analytics.service;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class OrganisationHasherTest {

    private static final byte[] KEY = "a-32-byte-key-used-only-in-tests".getBytes(StandardCharsets.UTF_8);

    @Test
    void theHashIsHexHmacSha256OfTheUpperCasedId() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("B8G5-QRMB-QY62-Y4C9".getBytes(StandardCharsets.UTF_8)));

        OrganisationHasher hasher = new OrganisationHasher(KEY);

        assertEquals(expected, hasher.hash("B8G5-QRMB-QY62-Y4C9"));
        assertEquals(expected, hasher.hash("b8g5-qrmb-qy62-y4c9"));
        assertFalse(expected.toUpperCase().contains("B8G5"));
    }

    @Test
    void differentKeysOrIdsGiveDifferentHashes() {
        OrganisationHasher one = new OrganisationHasher(KEY);
        OrganisationHasher two = new OrganisationHasher(new byte[32]);
        assertNotEquals(one.hash("B8G5-QRMB-QY62-Y4C9"), two.hash("B8G5-QRMB-QY62-Y4C9"));
        assertNotEquals(one.hash("B8G5-QRMB-QY62-Y4C9"), one.hash("B8G5-QRMB-QY62-Y4C8"));
    }
}
