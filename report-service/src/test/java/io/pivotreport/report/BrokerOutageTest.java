package io.pivotreport.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.events.AccountClosure;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.Topics;
import io.pivotreport.test.RestartableKafkaResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.pivotreport.report.Api.create;
import static io.pivotreport.report.Api.newAccount;
import static io.pivotreport.report.Api.newTenant;
import static io.pivotreport.report.Api.report;
import static org.awaitility.Awaitility.await;

/**
 * A broker outage must not stop the consumer channels for good (the defect {@code KafkaOutageTest} of the system test
 * found: "Timeout … before the last committed offset for partitions … could be determined", channel failed). The
 * broker really stops, for longer than the consumers' API timeout (compressed to 5 s in the test profile): a record in
 * flight finishes, a record fetched but not yet handled is handled once the broker is back (not lost, not skipped), and
 * both channels consume new records afterwards. It stops the broker every test class shares, so it may run in any
 * position: it restarts the broker whatever happens and ends only once both channels consumed again and the outbox
 * drained.
 */
@QuarkusTest
class BrokerOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Test
    void bothChannelsKeepConsumingAfterAnOutageLongerThanTheConsumerTimeoutAndLoseNoRecord() throws Exception {
        String inFlight = newTenant();
        String fetched = newTenant();
        create(inFlight, newAccount(), report("handled while the broker goes"));
        create(fetched, newAccount(), report("handled once it is back"));

        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            // The erasure of `inFlight` waits for this tenant lock, so the outage starts while it is being handled.
            try (PreparedStatement take = lock.prepareStatement(
                    "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                take.setString(1, "saved_report:" + inFlight);
                take.execute();
            }
            publishLifecycle(inFlight);
            publishLifecycle(fetched);
            await().atMost(PATIENCE).until(() -> Db.count(dataSource,
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") > 0);
            RestartableKafkaResource.stopBroker();
            lock.rollback();
        }
        try {
            await().atMost(PATIENCE).until(() -> reportsOf(inFlight) == 0);
            // Two failed relay passes (each waits pivot.outbox.send-timeout, 10 s): the outage outlasts the 5 s timeout.
            double failuresBefore = relayFailures();
            await().atMost(PATIENCE).until(() -> relayFailures() >= failuresBefore + 2);
        } finally {
            RestartableKafkaResource.startBroker();
        }

        await().atMost(PATIENCE).until(() -> reportsOf(fetched) == 0);
        String afterwards = newTenant();
        create(afterwards, newAccount(), report("after the outage"));
        publishLifecycle(afterwards);
        String closedAccount = newAccount();
        String site = newTenant();
        create(site, closedAccount, report("closed account's"));
        publish(Topics.ACCOUNT_CLOSURES, closedAccount, EventJson.mapper().writeValueAsString(
                new AccountClosure(UUID.randomUUID(), closedAccount, Instant.now())));
        await().atMost(PATIENCE).until(() -> reportsOf(afterwards) == 0 && reportsOf(site) == 0);
        await().atMost(PATIENCE).until(() -> Db.count(dataSource,
                "SELECT count(*) FROM outbox_event WHERE sent_at IS NULL") == 0);
    }

    private double relayFailures() {
        return registry.get("pivot_outbox_relay_failures_total").counter().count();
    }

    private void publishLifecycle(String tenant) throws Exception {
        TenantLifecycleEvent event = new TenantLifecycleEvent(UUID.randomUUID(), tenant,
                TenantLifecycleEvent.Type.ERASURE_DUE, Instant.now(), null);
        publish(Topics.TENANT_LIFECYCLE, tenant, EventJson.mapper().writeValueAsString(event));
    }

    private void publish(String topic, String key, String payload) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(topic, key, payload)).get(30, TimeUnit.SECONDS);
        }
    }

    private long reportsOf(String tenant) {
        return Db.count(dataSource, "SELECT count(*) FROM saved_report WHERE tenant_id = ?", tenant);
    }
}
