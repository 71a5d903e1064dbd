package io.pivotreport.platform.logging;

import java.util.List;

/** Secrets and private data as they show up in real requests; none may ever appear in a log line. */
final class SensitiveValues {

    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJqaXJhOmNsaWVudC1rZXkiLCJxc2giOiJhYmMifQ"
            + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String OPAQUE_QUERY_TOKEN = "opaqueQueryToken42";
    static final String BEARER_TOKEN = "s3cr3t-opaque-bearer";
    static final String SHARED_SECRET = "Qk3xV9pL2mN8rT5wY7zA1cE4gH6jK0oP4tU";
    static final String LOOSE_SECRET = "Zx8Vb7Nm6Lk5Jh4Gf3Ds2Aq1Wp0Oi9Uy8Tr";
    static final String PASSWORD = "hunter2hunter2";
    static final String EMAIL = "jane.doe@example.com";
    static final String DISPLAY_NAME = "Jane Doe";
    static final String ISSUE_SUMMARY = "Fix login for ACME board";

    /** One text that carries every value the way logs typically see them. */
    static final String ALL_IN_ONE = "GET /installed?lic=active&jwt=" + OPAQUE_QUERY_TOKEN + "&cv=1001"
            + " Authorization: Bearer " + BEARER_TOKEN
            + " token " + JWT
            + " body {\"sharedSecret\":\"" + SHARED_SECRET + "\",\"displayName\":\"" + DISPLAY_NAME
            + "\",\"summary\":\"" + ISSUE_SUMMARY + "\",\"emailAddress\":\"" + EMAIL + "\"}"
            + " password=" + PASSWORD
            + " loose " + LOOSE_SECRET
            + " contact " + EMAIL;

    /** The fragments a sweep must not find. */
    static final List<String> FRAGMENTS = List.of(JWT, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", OPAQUE_QUERY_TOKEN,
            BEARER_TOKEN, SHARED_SECRET, LOOSE_SECRET, PASSWORD, EMAIL, "jane.doe", DISPLAY_NAME, ISSUE_SUMMARY);

    private SensitiveValues() {
    }

    /** The fragments of {@link #FRAGMENTS} that occur in {@code text}. */
    static List<String> foundIn(String text) {
        return FRAGMENTS.stream().filter(text::contains).toList();
    }
}
