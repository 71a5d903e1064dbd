package io.pivotreport.license.service;

import io.pivotreport.platform.logging.metrics.JobHeartbeats;
import io.pivotreport.license.config.LicenseConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Refuses to start with settings that would break a promise: no usable encryption key, or a history window above the
 * 30 days the policy allows (P2).
 */
@ApplicationScoped
public class StartupChecks {

    private static final Logger LOG = Logger.getLogger(StartupChecks.class);
    static final Duration MAX_HISTORY_RETENTION = Duration.ofDays(30);

    @Inject
    LicenseConfig config;

    @Inject
    SecretCipher cipher;

    @Inject
    JobHeartbeats jobs;

    void onStart(@Observes StartupEvent event) {
        checkHistoryRetention(config.history().retention());
        checkPositive("pivot.license.uninstall-grace", config.uninstallGrace());
        checkPositive("pivot.license.history.license-check-interval", config.history().licenseCheckInterval());
        // building the key ring validates every configured key
        String active = cipher.ring().activeKeyId();
        jobs.register(LicenseJobs.HISTORY_PURGE);
        jobs.register(LicenseJobs.TENANT_ERASURE);
        jobs.register(LicenseJobs.SECRET_REENCRYPTION);
        jobs.register(LicenseJobs.PERSONAL_DATA_REPORTING);
        checkPositive("pivot.license.personal-data.check-every", config.personalData().checkEvery());
        checkPositive("pivot.license.personal-data.default-cycle", config.personalData().defaultCycle());
        checkPositive("pivot.license.personal-data.request-timeout", config.personalData().requestTimeout());
        if (config.personalData().appKey().isEmpty()) {
            LOG.warn("pivot.license.personal-data.app-key is not set: held accountIds are NOT reported to Atlassian");
        }
        LOG.infof("Shared secrets are encrypted with key '%s' (%d key(s) configured); history kept %s; uninstall "
                + "grace %s", active, cipher.ring().keyIds().size(), config.history().retention(), config.uninstallGrace());
    }

    static void checkHistoryRetention(Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalStateException("pivot.license.history.retention must be positive");
        }
        if (retention.compareTo(MAX_HISTORY_RETENTION) > 0) {
            throw new IllegalStateException("pivot.license.history.retention is " + retention
                    + " but account data may be kept at most 30 days (P30D)");
        }
    }

    private static void checkPositive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalStateException(property + " must be positive");
        }
    }
}
