package io.pivotreport.analytics.messaging;

import io.pivotreport.events.Topics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends rejected records, byte for byte and with their original key, to the dead-letter topic with a fixed reason
 * code in {@value Topics#DEAD_LETTER_REASON_HEADER}, and waits for the broker's acknowledgement so that the source
 * offsets are committed only once the dead letters are safe.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    static final String ORIGIN_PARTITION_HEADER = "x-dlq-origin-partition";
    static final String ORIGIN_OFFSET_HEADER = "x-dlq-origin-offset";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    /** A rejected record and where it came from. */
    public record DeadLetter(String key, byte[] value, DeadLetterReason reason, int partition, long offset) {
    }

    @Inject
    @Channel(Channels.SESSION_EVENTS_DEAD_LETTER)
    MutinyEmitter<Record<String, byte[]>> emitter;

    /** Publishes all and returns once every one is acknowledged; throws if any is not. */
    public void publishAll(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return;
        }
        List<Uni<Void>> acks = new ArrayList<>(deadLetters.size());
        for (DeadLetter letter : deadLetters) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Topics.DEAD_LETTER_REASON_HEADER, letter.reason().code().getBytes(StandardCharsets.UTF_8));
            headers.add(ORIGIN_PARTITION_HEADER, Integer.toString(letter.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(ORIGIN_OFFSET_HEADER, Long.toString(letter.offset()).getBytes(StandardCharsets.UTF_8));
            Message<Record<String, byte[]>> message = Message.of(Record.of(letter.key(), letter.value()))
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers).build());
            acks.add(emitter.sendMessage(message));
        }
        Uni.join().all(acks).andFailFast().await().atMost(ACK_TIMEOUT);
    }
}
