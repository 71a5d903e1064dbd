package io.pivotreport.gateway.edge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogMaskingTest {

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqaXJhOjEyMyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

    @Test
    void jwtParameterIsMaskedOtherParametersStay() {
        String target = AccessLogMasking.target("/pages/pivot-report", "lic=active&jwt=" + TOKEN + "&tz=Europe%2FZurich");
        assertEquals("/pages/pivot-report?lic=active&jwt=***&tz=Europe%2FZurich", target);
    }

    @Test
    void encodedParameterNamesAndTokenShapedValuesAreMaskedToo() {
        assertFalse(AccessLogMasking.target("/x", "%6Awt=abc").contains("abc"));
        assertFalse(AccessLogMasking.target("/x", "JWT=abc").contains("abc"));
        String target = AccessLogMasking.target("/x", "token=" + TOKEN);
        assertFalse(target.contains(TOKEN), target);
        assertTrue(target.contains("token=***"), target);
    }

    @Test
    void tokenInThePathIsMasked() {
        assertFalse(AccessLogMasking.target("/api/" + TOKEN, null).contains(TOKEN));
    }

    @Test
    void targetLengthIsBounded() {
        String target = AccessLogMasking.target("/x", "q=" + "a".repeat(5000));
        assertTrue(target.length() <= 520, "length " + target.length());
    }
}
