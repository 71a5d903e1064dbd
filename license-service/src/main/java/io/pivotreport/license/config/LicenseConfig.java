package io.pivotreport.license.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** license-service settings. Checked at start-up by {@code StartupChecks}: a bad value stops the service. */
@ConfigMapping(prefix = "pivot.license")
public interface LicenseConfig {

    /** Encryption of the tenants' shared secrets at rest. */
    Encryption encryption();

    /**
     * How long an uninstalled tenant's data is kept before {@code ERASURE_DUE} is published and the tenant is reduced
     * to a tombstone. A re-install within this period cancels the erasure.
     */
    @WithDefault("P30D")
    Duration uninstallGrace();

    /** The account-data history (installs, uninstalls, licence checks, site imports, erasure records). */
    History history();

    /** The job that erases tenants whose grace period has passed. */
    Erasure erasure();

    /** Lifecycle event intake. */
    Lifecycle lifecycle();

    /** Reporting held accountIds to Atlassian's Personal Data Reporting API (policy P13). */
    PersonalData personalData();

    interface Encryption {

        /**
         * Id of the key new ciphertexts are written with; it must name an entry of {@link #keys()}. Required: the
         * service does not start without it.
         */
        Optional<String> activeKeyId();

        /**
         * AES-256 keys by id, each the base64 of exactly 32 random bytes (e.g. {@code openssl rand -base64 32}). Keep
         * retired keys here until no ciphertext uses them (metric {@code pivot_license_secrets_on_inactive_key} is 0).
         */
        Map<String, String> keys();

        /** How often secrets written with a retired key are re-encrypted with the active key. */
        @WithDefault("PT1H")
        Duration reencryptEvery();

        /** How many secrets one re-encryption transaction moves. */
        @WithDefault("100")
        int reencryptBatchSize();
    }

    interface History {

        /** How long history entries are kept. At most 30 days (policy P2); the service refuses to start above that. */
        @WithDefault("P30D")
        Duration retention();

        /** When the daily purge runs (Quartz-style cron, server time zone UTC). */
        @WithDefault("0 17 3 * * ?")
        String purgeCron();

        /**
         * A licence check with an unchanged status is written to the history at most this often per tenant (a change of
         * status is always written), so page loads do not flood the history.
         */
        @WithDefault("PT1H")
        Duration licenseCheckInterval();
    }

    interface Erasure {

        /** How often the service looks for uninstalled tenants past their grace period. */
        @WithDefault("PT15M")
        Duration checkEvery();

        /** How many tenants one erasure transaction handles. */
        @WithDefault("50")
        int batchSize();
    }

    interface Lifecycle {

        /**
         * How far in the future a lifecycle event's {@code issuedAt} may be. A later one is refused: it would make every
         * genuine event after it look stale.
         */
        @WithDefault("PT5M")
        Duration maxFutureSkew();
    }

    interface PersonalData {

        /**
         * The app key (the Connect descriptor's {@code key}, the gateway's {@code pivot.gateway.app-key}): the
         * {@code iss} of the JWT that authenticates each report. Without it reporting is off (logged at start-up, and
         * the {@code personal-data-reporting} heartbeat never advances, so the job-staleness alert fires).
         */
        Optional<String> appKey();

        /** Base URL of Atlassian's API; the report goes to {@code <base>/app/report-accounts/}. */
        @WithDefault("https://api.atlassian.com")
        String apiBaseUrl();

        /** Whether the job runs on its schedule; {@code false} leaves runs to explicit calls (the tests). */
        @WithDefault("true")
        boolean onSchedule();

        /** How often the reporting job looks for accounts whose cycle has come round. */
        @WithDefault("PT1H")
        Duration checkEvery();

        /** The cycle used when Atlassian's answer carries no usable {@code Cycle-Period} header (Atlassian: 7 days). */
        @WithDefault("P7D")
        Duration defaultCycle();

        /** How long reporting pauses after a 429 that carries no usable {@code Retry-After}. */
        @WithDefault("PT5M")
        Duration defaultRetryAfter();

        /** Connect and read timeout of one report call. */
        @WithDefault("PT10S")
        Duration requestTimeout();
    }
}
