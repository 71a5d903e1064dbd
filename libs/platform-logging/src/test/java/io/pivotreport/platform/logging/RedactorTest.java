package io.pivotreport.platform.logging;

import io.pivotreport.platform.logging.redaction.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTest {

    @Test
    void everySensitiveValueInATypicalRequestLineIsRemoved() {
        String redacted = Redactor.redact(SensitiveValues.ALL_IN_ONE);

        assertEquals(java.util.List.of(), SensitiveValues.foundIn(redacted), redacted);
        assertTrue(redacted.startsWith("GET /installed?lic=active&jwt=[REDACTED]&cv=1001"), redacted);
        assertTrue(redacted.contains("Authorization: Bearer [REDACTED]"), redacted);
        assertTrue(redacted.contains("token [REDACTED:jwt]"), redacted);
        assertTrue(redacted.contains("\"sharedSecret\":\"[REDACTED]\""), redacted);
        assertTrue(redacted.contains("\"displayName\":\"[REDACTED]\""), redacted);
        assertTrue(redacted.contains("contact [REDACTED:email]"), redacted);
        assertTrue(redacted.contains("loose [REDACTED:secret]"), redacted);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jwt=abc.def.ghi                                  | jwt=[REDACTED]",
            "/rest/x?a=1&JWT=abc&b=2                          | /rest/x?a=1&JWT=[REDACTED]&b=2",
            "Authorization: JWT abc                           | Authorization: JWT [REDACTED]",
            "authorization=[Basic dXNlcjpwYXNz]               | authorization=[Basic [REDACTED]]",
            "{\"Authorization\":\"Bearer abc\"}               | {\"Authorization\":\"Bearer [REDACTED]\"}",
            "{\"sharedSecret\": \"two words\"}                | {\"sharedSecret\": \"[REDACTED]\"}",
            "client_secret=abc&grant_type=x                   | client_secret=[REDACTED]&grant_type=x",
            "password: letmein                                | password: [REDACTED]",
            "x-api-key=k1                                     | x-api-key=[REDACTED]",
            "https://user:pa55@loki:3100/push                 | https://[REDACTED]@loki:3100/push",
            "mail jane%40example.com                          | mail [REDACTED:email]",
            "{\"description\":\"a \\\"quoted\\\" text\"}      | {\"description\":\"[REDACTED]\"}",
            "{\"name\":\"My report\",\"id\":7}                | {\"name\":\"[REDACTED]\",\"id\":7}",
    })
    void redactsTheValueAndKeepsTheContext(String input, String expected) {
        assertEquals(expected, Redactor.redact(input));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
            "eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d",
            "header eyJ0eXAiOiJKV1QifQ.eyJpc3MiOiJ4In0.c2ln trailer"})
    void redactsUnsignedAndEncryptedTokensToo(String input) {
        String redacted = Redactor.redact(input);
        assertFalse(redacted.contains("eyJ"), redacted);
        assertTrue(redacted.contains("[REDACTED:jwt]"), redacted);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7",
            "tenant 3f2b8c1e-7d4a-4e5b-9c6d-1a2b3c4d5e6f installed",
            "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "at io.pivotreport.platform.logging.shipping.LokiLogHandler.doPublish(LokiLogHandler.java:42)",
            "Loaded /work/main/report-service/target/quarkus-app/lib/main/io.quarkus.quarkus-core-3.33.2.jar",
            "account 5b10ac8d82e05b22cc7d4ef5 opened report 12, tokens refreshed",
            "Kafka cluster id MkU3OEVBNTcwNTJENDM2Qk",
            ""})
    void leavesOrdinaryTextAlone(String input) {
        assertEquals(input, Redactor.redact(input));
    }

    @Test
    void aSecretKeyWithAColonCostsTheNextWordEvenWhenItIsHarmless() {
        // the price of catching "password: x" in free text; the reason stays readable
        assertEquals("Invalid token: [REDACTED] 30 s ago", Redactor.redact("Invalid token: expired 30 s ago"));
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        String once = Redactor.redact(SensitiveValues.ALL_IN_ONE);
        assertEquals(once, Redactor.redact(once));
        assertFalse(Redactor.needsRedaction(once));
    }

    @Test
    void nullStaysNull() {
        assertNull(Redactor.redact(null));
        assertFalse(Redactor.needsRedaction(null));
    }
}
