package io.pivotreport.analytics.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsCheckTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void theDefaultsWithAKeyPass() {
        assertEquals(List.of(), SettingsCheck.problems(config(Duration.ofDays(30), KEY)));
        assertEquals(List.of(), SettingsCheck.problems(config(Duration.ofDays(7), KEY)));
    }

    @Test
    void aRetentionAboveThirtyDaysRefusesToStart() {
        List<String> problems = SettingsCheck.problems(config(Duration.ofDays(30).plusSeconds(1), KEY));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("pivot.analytics.retention"));
        assertEquals(1, SettingsCheck.problems(config(Duration.ZERO, KEY)).size());
    }

    @Test
    void aMissingShortOrMalformedHashKeyRefusesToStartWithoutEchoingIt() {
        assertTrue(SettingsCheck.problems(config(Duration.ofDays(30), null)).get(0)
                .contains("pivot.analytics.org-hash-key"));
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertEquals(1, SettingsCheck.problems(config(Duration.ofDays(30), shortKey)).size());
        List<String> malformed = SettingsCheck.problems(config(Duration.ofDays(30), "not base64 !!"));
        assertEquals(1, malformed.size());
        assertTrue(!malformed.get(0).contains("not base64 !!"));
    }

    private static AnalyticsConfig config(Duration retention, String key) {
        return new AnalyticsConfig() {
            @Override
            public Duration retention() {
                return retention;
            }

            @Override
            public Optional<String> orgHashKey() {
                return Optional.ofNullable(key);
            }

            @Override
            public Purge purge() {
                return new Purge() {
                    @Override
                    public Duration interval() {
                        return Duration.ofHours(24);
                    }

                    @Override
                    public Duration initialDelay() {
                        return Duration.ofMinutes(1);
                    }

                    @Override
                    public int chunkSize() {
                        return 10_000;
                    }
                };
            }

            @Override
            public Support support() {
                return () -> 31;
            }
        };
    }
}
