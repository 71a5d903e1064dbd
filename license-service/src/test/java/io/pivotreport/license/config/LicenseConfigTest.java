package io.pivotreport.license.config;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The settings as an operator gives them: environment variables, everything else at its default. */
class LicenseConfigTest {

    private static LicenseConfig fromEnvironment(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(LicenseConfig.class)
                .withSources(new EnvConfigSource(env, 300))
                .build();
        return config.getConfigMapping(LicenseConfig.class);
    }

    @Test
    void keysGivenAsEnvironmentVariablesMapToLowerCaseKeyIds() {
        LicenseConfig config = fromEnvironment(Map.of(
                "PIVOT_LICENSE_ENCRYPTION_ACTIVE_KEY_ID", "k2026a",
                "PIVOT_LICENSE_ENCRYPTION_KEYS_K2026A", "bmV3",
                "PIVOT_LICENSE_ENCRYPTION_KEYS_K2025B", "b2xk"));
        assertEquals("k2026a", config.encryption().activeKeyId().orElseThrow());
        assertEquals(Set.of("k2026a", "k2025b"), config.encryption().keys().keySet());
        assertEquals("bmV3", config.encryption().keys().get("k2026a"));
    }

    @Test
    void defaultsKeepHistoryAndGraceAtThirtyDays() {
        LicenseConfig config = fromEnvironment(Map.of());
        assertEquals(Duration.ofDays(30), config.uninstallGrace());
        assertEquals(Duration.ofDays(30), config.history().retention());
        assertEquals(Duration.ofHours(1), config.history().licenseCheckInterval());
        assertEquals(Duration.ofMinutes(15), config.erasure().checkEvery());
        assertEquals(Duration.ofMinutes(5), config.lifecycle().maxFutureSkew());
        assertEquals(Duration.ofHours(1), config.encryption().reencryptEvery());
        assertEquals("0 17 3 * * ?", config.history().purgeCron());
    }
}
