package io.pivotreport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthFailureReasonTest {

    @Test
    void codesAreTheStableLowercaseNamesTheDashboardsUse() {
        assertEquals(List.of("missing", "malformed", "bad_signature", "expired", "not_yet_valid", "qsh_mismatch",
                        "unknown_issuer", "wrong_audience", "wrong_class", "key_unavailable", "algorithm_not_allowed",
                        "too_large", "multiple_tokens", "invalid_kid"),
                Arrays.stream(AuthFailureReason.values()).map(AuthFailureReason::code).toList());
    }

    @Test
    void everyCodeIsLowercaseSnakeCase() {
        for (AuthFailureReason reason : AuthFailureReason.values()) {
            assertTrue(reason.code().matches("[a-z_]+"), reason.code());
        }
    }

    @Test
    void exceptionMessageStartsWithTheCodeAndHasNoStackTraceCost() {
        AuthException e = new AuthException(AuthFailureReason.EXPIRED, "token expired");
        assertEquals("expired: token expired", e.getMessage());
        assertEquals(AuthFailureReason.EXPIRED, e.reason());
        assertEquals(0, e.getStackTrace().length);
        assertFalse(e.toString().isEmpty());
    }
}
