package io.pivotreport.platform.data;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox events in id order and marks each sent only after the broker acknowledged it
 * ({@code acks=all}, idempotent producer). If the broker is down the rows simply wait; a crash between the ack and the
 * mark re-sends, which consumers absorb because they skip event ids they have seen. Rows are locked with
 * {@code SKIP LOCKED} so several replicas of a service can relay without sending the same row twice at once.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    EntityManager em;

    @Inject
    OutboxConfig config;

    @Inject
    Clock clock;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private final AtomicLong pending = new AtomicLong();
    private Counter relayed;
    private Counter failures;
    private volatile Producer<String, String> producer;

    @Inject
    void metrics(MeterRegistry registry) {
        relayed = Counter.builder("pivot_outbox_relayed_total").description("Outbox events acknowledged by Kafka")
                .register(registry);
        failures = Counter.builder("pivot_outbox_relay_failures_total")
                .description("Relay passes that could not publish (broker unavailable or refused)").register(registry);
        registry.gauge("pivot_outbox_pending", pending);
    }

    @Scheduled(every = "${pivot.outbox.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRelay() {
        try {
            relayNow();
        } catch (RuntimeException e) {
            // The rows stay unsent and the next pass retries; one line, no payload.
            LOG.warnf("Outbox relay pass failed: %s", e.getClass().getSimpleName());
        }
    }

    /** Relays one batch; returns how many events the broker acknowledged. */
    @Transactional
    public int relayNow() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, topic, message_key, payload FROM outbox_event "
                        + "WHERE sent_at IS NULL ORDER BY id LIMIT ?1 FOR UPDATE SKIP LOCKED")
                .setParameter(1, config.batchSize())
                .getResultList();
        if (rows.isEmpty()) {
            pending.set(0);
            return 0;
        }
        List<Long> ids = new ArrayList<>(rows.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        try {
            for (Object[] row : rows) {
                ids.add(((Number) row[0]).longValue());
                acks.add(producer().send(new ProducerRecord<>((String) row[1], (String) row[2], (String) row[3])));
            }
            long deadline = System.nanoTime() + config.sendTimeout().toNanos();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (Exception e) {
            failures.increment();
            // A producer that failed may still hold these records and deliver them later, after rows written since;
            // closing it drops them, so the next pass resends in id order (consumers skip what arrived twice).
            discardProducer();
            em.createNativeQuery("UPDATE outbox_event SET attempts = attempts + 1 WHERE id IN (?1)")
                    .setParameter(1, ids).executeUpdate();
            pending.set(countPending());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("Outbox relay could not publish %d event(s); they stay queued (%s)", ids.size(),
                    e.getClass().getSimpleName());
            return 0;
        }
        em.createNativeQuery("UPDATE outbox_event SET sent_at = ?1 WHERE id IN (?2)")
                .setParameter(1, now())
                .setParameter(2, ids)
                .executeUpdate();
        relayed.increment(ids.size());
        pending.set(countPending());
        return ids.size();
    }

    /** Relays until nothing is pending or the broker stops acknowledging; for shutdown and tests. */
    public int drain() {
        int total = 0;
        int sent;
        while ((sent = relayNow()) > 0) {
            total += sent;
        }
        return total;
    }

    @Scheduled(every = "1h", delayed = "1m")
    @Transactional
    void deleteOldSentEvents() {
        em.createNativeQuery("DELETE FROM outbox_event WHERE sent_at IS NOT NULL AND sent_at < ?1")
                .setParameter(1, now().minus(config.keepSent()))
                .executeUpdate();
    }

    @Transactional
    public long pendingCount() {
        return countPending();
    }

    private long countPending() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM outbox_event WHERE sent_at IS NULL")
                .getSingleResult()).longValue();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, applicationName + "-outbox");
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.sendTimeout().toMillis());
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.sendTimeout().toMillis());
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.sendTimeout().toMillis() * 2);
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    producer = new KafkaProducer<>(props);
                }
                current = producer;
            }
        }
        return current;
    }

    void onStop(@Observes ShutdownEvent event) {
        discardProducer();
    }

    private synchronized void discardProducer() {
        Producer<String, String> current = producer;
        producer = null;
        if (current != null) {
            current.close(java.time.Duration.ZERO);
        }
    }
}
