package io.pivotreport.platform.data;

import io.pivotreport.platform.data.ConsumerChannelSettings.Channel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsumerChannelSettingsTest {

    @Test
    void channelsAreFoundQuotedOrNotAndOutgoingOnesAreIgnored() {
        Map<String, String> config = Map.of(
                "mp.messaging.incoming.tenant-lifecycle.connector", "smallrye-kafka",
                "mp.messaging.incoming.\"pivot.account-references.v1\".connector", "smallrye-kafka",
                "mp.messaging.outgoing.dead-letters.connector", "smallrye-kafka");
        assertEquals(List.of(new Channel("pivot.account-references.v1", "\"pivot.account-references.v1\""),
                new Channel("tenant-lifecycle", "tenant-lifecycle")),
                ConsumerChannelSettings.incomingKafkaChannels(config.keySet()));
    }

    @Test
    void aChannelWithLatestCommitsAndEndlessReconnectsPasses() {
        Map<String, String> config = Map.of(
                "mp.messaging.incoming.\"pivot.account-references.v1\".connector", "smallrye-kafka",
                "mp.messaging.incoming.\"pivot.account-references.v1\".commit-strategy", "latest",
                "mp.messaging.incoming.\"pivot.account-references.v1\".retry", "true",
                "mp.messaging.incoming.\"pivot.account-references.v1\".retry-attempts", "-1");
        assertEquals(List.of(), problems(config));
    }

    @Test
    void theConnectorWideDefaultCountsForEveryChannel() {
        Map<String, String> config = Map.of(
                "mp.messaging.incoming.tenant-lifecycle.connector", "smallrye-kafka",
                "mp.messaging.connector.smallrye-kafka.commit-strategy", "latest");
        assertEquals(List.of(), problems(config));
    }

    @Test
    void throttledOrDefaultCommitsAndBoundedReconnectsAreRefused() {
        Map<String, String> config = Map.of(
                "mp.messaging.incoming.a.connector", "smallrye-kafka",
                "mp.messaging.incoming.b.connector", "smallrye-kafka",
                "mp.messaging.incoming.b.commit-strategy", "throttled",
                "mp.messaging.incoming.b.retry", "false",
                "mp.messaging.incoming.b.retry-attempts", "5",
                "mp.messaging.incoming.other.connector", "smallrye-in-memory");
        assertEquals(List.of(
                "mp.messaging.incoming.a.commit-strategy must be latest, not (default)",
                "mp.messaging.incoming.b.commit-strategy must be latest, not throttled",
                "mp.messaging.incoming.b.retry must be true",
                "mp.messaging.incoming.b.retry-attempts must be -1 (reconnect forever)"), problems(config));
    }

    private static List<String> problems(Map<String, String> config) {
        return ConsumerChannelSettings.problems(config.keySet(), k -> Optional.ofNullable(config.get(k)));
    }
}
