package io.pivotreport.platform.logging.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pivotreport.platform.logging.metrics.JobHeartbeats.Job;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JobHeartbeatsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JobHeartbeats heartbeats = new JobHeartbeats(registry);

    @Test
    void aServiceOwnJobReportsItsLastSuccessAndRowsUnderItsName() {
        Job reconcile = Job.named("account-reference-reconcile");
        heartbeats.register(reconcile);
        assertEquals(0.0, rows("account-reference-reconcile"));
        assertNull(registry.find(MetricNames.JOB_LAST_SUCCESS).tag("job", "account-reference-reconcile").gauge(),
                "no last-success series before the first success");

        heartbeats.succeeded(reconcile, Instant.ofEpochSecond(1_800_000_000L));
        heartbeats.rowsAffected(Job.named("account-reference-reconcile"), 7);
        heartbeats.succeeded(reconcile, Instant.ofEpochSecond(1_800_000_060L));

        assertEquals(1_800_000_060.0, registry.get(MetricNames.JOB_LAST_SUCCESS)
                .tag("job", "account-reference-reconcile").gauge().value());
        assertEquals(7.0, rows("account-reference-reconcile"));
        assertEquals(1, registry.find(MetricNames.JOB_LAST_SUCCESS).gauges().size());
    }

    @Test
    void thePolicyJobsKeepTheirNamesAndRowCountersFromStartUp() {
        assertEquals("session-data-purge", Job.SESSION_DATA_PURGE.tag());
        assertEquals(Job.TENANT_ERASURE, Job.named("tenant-erasure"));
        for (String name : new String[] {"account-history-purge", "session-data-purge", "tenant-erasure",
                "personal-data-reporting"}) {
            assertEquals(0.0, rows(name));
        }
    }

    @Test
    void namesThatAreNotFixedLowerCaseIdentifiersAreRefused() {
        for (String bad : new String[] {null, "", "Secret-Reencryption", "tenant erasure", "tenant_erasure", "-x",
                "x-", "a--b", "a".repeat(64), "tenant-9f1c2d40-aaaa-bbbb-cccc-000000000000x".toUpperCase()}) {
            assertThrows(IllegalArgumentException.class, () -> Job.named(bad), String.valueOf(bad));
        }
    }

    private double rows(String job) {
        return registry.get(MetricNames.JOB_ROWS_AFFECTED).tag("job", job).counter().count();
    }
}
