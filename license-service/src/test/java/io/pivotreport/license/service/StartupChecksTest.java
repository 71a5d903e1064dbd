package io.pivotreport.license.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupChecksTest {

    @Test
    void historyRetentionAboveThirtyDaysRefusesToStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StartupChecks.checkHistoryRetention(Duration.ofDays(30).plusSeconds(1)));
        assertTrue(e.getMessage().contains("at most 30 days"), e.getMessage());
    }

    @Test
    void historyRetentionOfThirtyDaysOrLessIsAccepted() {
        assertDoesNotThrow(() -> StartupChecks.checkHistoryRetention(Duration.ofDays(30)));
        assertDoesNotThrow(() -> StartupChecks.checkHistoryRetention(Duration.ofDays(7)));
    }

    @Test
    void historyRetentionMustBePositive() {
        assertThrows(IllegalStateException.class, () -> StartupChecks.checkHistoryRetention(Duration.ZERO));
    }
}
