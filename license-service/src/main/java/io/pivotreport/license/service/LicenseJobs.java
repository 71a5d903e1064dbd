package io.pivotreport.license.service;

import io.pivotreport.platform.logging.metrics.JobHeartbeats;
import io.pivotreport.platform.logging.metrics.JobHeartbeats.Job;

/**
 * This service's scheduled jobs as {@link JobHeartbeats} names: the {@code job} tag of
 * {@code pivot_job_last_success_timestamp_seconds} and {@code pivot_job_rows_affected_total} (alerts fire when stale).
 */
public final class LicenseJobs {

    public static final Job HISTORY_PURGE = Job.ACCOUNT_HISTORY_PURGE;
    public static final Job TENANT_ERASURE = Job.TENANT_ERASURE;
    public static final Job SECRET_REENCRYPTION = Job.named("secret-reencryption");
    public static final Job PERSONAL_DATA_REPORTING = Job.PERSONAL_DATA_REPORTING;

    private LicenseJobs() {
    }
}
