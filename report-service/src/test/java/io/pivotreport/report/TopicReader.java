package io.pivotreport.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.pivotreport.events.EventJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a real topic from its beginning, without a consumer group, as events of one type. */
final class TopicReader<T> implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    private final KafkaConsumer<String, String> consumer;
    private final Class<T> type;
    private final List<T> seen = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic, Class<T> type) {
        this.type = type;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits until an event matching {@code wanted} was published; returns every one seen so far that matches. */
    List<T> await(Predicate<T> wanted) {
        org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(parse(record.value()));
            }
            return seen.stream().anyMatch(wanted);
        });
        return seen.stream().filter(wanted).toList();
    }

    private T parse(String json) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError("a record that is not a " + type.getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
