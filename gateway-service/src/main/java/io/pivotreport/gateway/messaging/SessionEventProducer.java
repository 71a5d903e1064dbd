package io.pivotreport.gateway.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.platform.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Produces session events to {@link Topics#SESSION_EVENTS}, keyed by tenant, {@code acks=all} with an idempotent
 * producer, and returns only once the broker acknowledged every record of the batch. When the broker cannot
 * acknowledge within the bounded wait the caller gets a 503 with {@code Retry-After} and resends; the consumer skips
 * duplicates by event id, so a batch that was in fact written is not counted twice.
 *
 * <p>Blocking: call from a worker thread.
 */
@ApplicationScoped
public class SessionEventProducer {

    private static final Logger LOG = Logger.getLogger(SessionEventProducer.class);

    private final Map<String, Object> producerConfig;
    private final Duration ackTimeout;
    private final int retryAfterSeconds;
    private volatile Producer<String, String> producer;

    public SessionEventProducer(@Identifier("default-kafka-broker") Map<String, Object> kafka, GatewayConfig config) {
        this.ackTimeout = config.events().ackTimeout();
        this.retryAfterSeconds = config.events().retryAfterSeconds();
        this.producerConfig = producerConfig(kafka, ackTimeout);
    }

    static Map<String, Object> producerConfig(Map<String, Object> kafka, Duration ackTimeout) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            // Quarkus' default broker map holds every kafka.* property; keep the connection ones, set the rest here.
            if (key.startsWith("bootstrap.") || key.startsWith("security.") || key.startsWith("ssl.")
                    || key.startsWith("sasl.") || key.equals("client.dns.lookup")) {
                config.put(key, value);
            }
        });
        int ackMillis = (int) ackTimeout.toMillis();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackMillis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ackMillis);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(30_000, ackMillis * 3));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "gateway-session-events");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    /** Sends every event and waits for all acknowledgements; 503 problem when the broker does not acknowledge. */
    public void publish(String tenantId, List<SessionEvent> events) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try {
            Producer<String, String> kafka = producer();
            for (SessionEvent event : events) {
                acks.add(kafka.send(new ProducerRecord<>(Topics.SESSION_EVENTS, tenantId,
                        EventJson.mapper().writeValueAsString(event))));
            }
            for (Future<RecordMetadata> ack : acks) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException();
                }
                ack.get(remaining, TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            LOG.warnf("Session events not acknowledged by Kafka (%s): answering 503", e.getClass().getSimpleName());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated session event could not be serialised");
        }
    }

    private ProblemException unavailable() {
        return ProblemException.unavailable("Events cannot be accepted right now; send them again shortly",
                retryAfterSeconds);
    }

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                current = producer;
                if (current == null) {
                    // Created on first use: an unresolvable broker address must not stop the gateway from starting.
                    current = new KafkaProducer<>(producerConfig);
                    producer = current;
                }
            }
        }
        return current;
    }

    void close(@Observes ShutdownEvent event) {
        Producer<String, String> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }
}
