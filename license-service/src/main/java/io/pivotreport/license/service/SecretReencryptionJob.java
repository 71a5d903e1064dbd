package io.pivotreport.license.service;

import io.pivotreport.platform.logging.metrics.JobHeartbeats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.license.config.LicenseConfig;
import io.pivotreport.license.model.HistoryKind;
import io.pivotreport.license.model.Tenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Key rotation: moves every secret sealed with a retired key to the active key, in small transactions. Runs on a
 * schedule and shortly after start-up, so changing {@code active-key-id} is enough to start a rotation.
 */
@ApplicationScoped
public class SecretReencryptionJob {

    private static final Logger LOG = Logger.getLogger(SecretReencryptionJob.class);
    public static final String REENCRYPTED_METRIC = "pivot_license_secrets_reencrypted_total";
    public static final String INACTIVE_KEY_METRIC = "pivot_license_secrets_on_inactive_key";
    public static final String UNKNOWN_KEY_METRIC = "pivot_license_secrets_on_unknown_key";

    @Inject
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    AccountHistory history;

    @Inject
    LicenseConfig config;

    @Inject
    JobHeartbeats jobs;

    private Counter reencrypted;
    private final AtomicLong onInactiveKey = new AtomicLong();
    private final AtomicLong onUnknownKey = new AtomicLong();

    @Inject
    void metrics(MeterRegistry registry) {
        reencrypted = Counter.builder(REENCRYPTED_METRIC).description("Shared secrets moved to the active key")
                .register(registry);
        registry.gauge(INACTIVE_KEY_METRIC, onInactiveKey);
        registry.gauge(UNKNOWN_KEY_METRIC, onUnknownKey);
    }

    @Scheduled(every = "${pivot.license.encryption.reencrypt-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        reencryptAll();
    }

    /** Re-encrypts until no secret uses a retired (still configured) key; returns how many moved. */
    public int reencryptAll() {
        int total = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(this::reencryptBatch);
            total += batch;
        } while (batch == config.encryption().reencryptBatchSize());
        QuarkusTransaction.requiringNew().run(this::countRemaining);
        if (onUnknownKey.get() > 0) {
            LOG.errorf("%d shared secret(s) are sealed with a key that is not configured; restore that key to "
                    + "pivot.license.encryption.keys", onUnknownKey.get());
        }
        if (total > 0) {
            LOG.infof("Re-encrypted %d shared secret(s) with key '%s'", total, cipher.ring().activeKeyId());
        }
        jobs.rowsAffected(LicenseJobs.SECRET_REENCRYPTION, total);
        jobs.succeeded(LicenseJobs.SECRET_REENCRYPTION);
        return total;
    }

    private int reencryptBatch() {
        List<String> retired = new ArrayList<>(cipher.ring().keyIds());
        retired.remove(cipher.ring().activeKeyId());
        if (retired.isEmpty()) {
            return 0;
        }
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT id FROM tenant WHERE secret_key_id IN (?1) ORDER BY id LIMIT ?2 "
                        + "FOR UPDATE SKIP LOCKED", UUID.class)
                .setParameter(1, retired)
                .setParameter(2, config.encryption().reencryptBatchSize())
                .getResultList();
        for (UUID id : ids) {
            Tenant tenant = Tenant.findById(id);
            String previousKey = cipher.reencrypt(tenant);
            history.record(id, HistoryKind.SECRET_REENCRYPTED,
                    Map.of("fromKeyId", previousKey, "toKeyId", tenant.secretKeyId));
            reencrypted.increment();
        }
        return ids.size();
    }

    private void countRemaining() {
        List<String> known = new ArrayList<>(cipher.ring().keyIds());
        String active = cipher.ring().activeKeyId();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT secret_key_id, count(*) FROM tenant "
                + "WHERE secret_key_id IS NOT NULL GROUP BY secret_key_id").getResultList();
        long inactive = 0;
        long unknown = 0;
        for (Object[] row : rows) {
            String keyId = (String) row[0];
            long count = ((Number) row[1]).longValue();
            if (!known.contains(keyId)) {
                unknown += count;
            } else if (!keyId.equals(active)) {
                inactive += count;
            }
        }
        onInactiveKey.set(inactive + unknown);
        onUnknownKey.set(unknown);
    }
}
