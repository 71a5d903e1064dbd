package io.pivotreport.license.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PersonalDataHeadersTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void cyclePeriodIsSecondsOrAnIsoDurationAndFallsBackToTheDefault() {
        assertEquals(Duration.ofDays(1), PersonalDataReportingJob.cyclePeriod(Optional.of("86400"), WEEK));
        assertEquals(Duration.ofDays(14), PersonalDataReportingJob.cyclePeriod(Optional.of("P14D"), WEEK));
        assertEquals(WEEK, PersonalDataReportingJob.cyclePeriod(Optional.empty(), WEEK));
        assertEquals(WEEK, PersonalDataReportingJob.cyclePeriod(Optional.of("0"), WEEK));
        assertEquals(WEEK, PersonalDataReportingJob.cyclePeriod(Optional.of("soon"), WEEK));
        assertEquals(WEEK, PersonalDataReportingJob.cyclePeriod(Optional.of("-5"), WEEK));
    }

    @Test
    void retryAfterIsDelaySecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        assertEquals(Duration.ofSeconds(120), PersonalDataReportingJob.retryAfter(Optional.of("120"), now,
                FIVE_MINUTES));
        assertEquals(Duration.ofMinutes(30), PersonalDataReportingJob.retryAfter(
                Optional.of("Sat, 28 Nov 2026 10:30:00 GMT"), now, FIVE_MINUTES));
        assertEquals(Duration.ZERO, PersonalDataReportingJob.retryAfter(
                Optional.of("Sat, 28 Nov 2026 09:00:00 GMT"), now, FIVE_MINUTES));
        assertEquals(FIVE_MINUTES, PersonalDataReportingJob.retryAfter(Optional.empty(), now, FIVE_MINUTES));
        assertEquals(FIVE_MINUTES, PersonalDataReportingJob.retryAfter(Optional.of("later"), now, FIVE_MINUTES));
    }
}
