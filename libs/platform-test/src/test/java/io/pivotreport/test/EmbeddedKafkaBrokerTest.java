package io.pivotreport.test;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaBrokerTest {

    /**
     * A real outage in a test: stop the broker, start the same instance again, the data is still there. The first
     * start happens with a foreign context class loader, as inside a Quarkus test resource (whose loader holds other
     * copies of Kafka's classes: without care, "NoSuchMethodException: DefaultStatePersister.<init>").
     */
    @Test
    void restartsOnTheSamePortsKeepingItsData(@TempDir Path dir) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(dir).persistent(true).build();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (java.net.URLClassLoader foreign = ClassLoaderSharingTest.separateLoader()) {
            thread.setContextClassLoader(foreign);
            broker.start();
            assertEquals(foreign, thread.getContextClassLoader(), "the caller's context loader is restored");
        } finally {
            thread.setContextClassLoader(previous);
        }
        try {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("restart", "k", "before the outage")).get(30, TimeUnit.SECONDS);
            }
            broker.close();
            assertFalse(broker.isRunning());
            assertTrue(Ports.isFree(broker.port()), "port released on close");

            broker.start();
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "after-restart",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
                consumer.subscribe(List.of("restart"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(r.value());
                    }
                }
            }
            assertEquals(List.of("before the outage"), values);
        } finally {
            broker.close();
        }
    }

    /** A stale process on the port must not pass for our broker. */
    @Test
    void refusesToStartWhenItsPortIsTaken(@TempDir Path dir) throws Exception {
        try (ServerSocket stale = new ServerSocket()) {
            stale.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(dir).port(stale.getLocalPort())
                    .build();
            IllegalStateException e = assertThrows(IllegalStateException.class, broker::start);
            assertTrue(e.getMessage().contains("port " + stale.getLocalPort() + " is already in use"), e.getMessage());
            assertFalse(broker.isRunning());
        }
    }
}
