package io.pivotreport.license.support;

import io.pivotreport.events.AccountReference;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Publishes account references on the real topic, as report-service's outbox relay does. */
public final class AccountReferences {

    private AccountReferences() {
    }

    public static AccountReference reference(UUID tenant, String accountId, String service,
                                             AccountReference.Change change, Instant occurredAt) {
        return new AccountReference(UUID.randomUUID(), tenant.toString(), accountId, service, change, occurredAt);
    }

    public static void publish(AccountReference... references) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (AccountReference reference : references) {
                send(producer, reference.tenantId(), EventJson.mapper().writeValueAsString(reference));
            }
            producer.flush();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish account references", e);
        }
    }

    /** A raw record, for payloads a well-behaved producer could not build. */
    public static void publishRaw(String key, String payload) {
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, key, payload);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish a raw record", e);
        }
    }

    private static void send(KafkaProducer<String, String> producer, String key, String payload) throws Exception {
        producer.send(new ProducerRecord<>(Topics.ACCOUNT_REFERENCES, key, payload)).get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> producer() {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 5));
    }
}
