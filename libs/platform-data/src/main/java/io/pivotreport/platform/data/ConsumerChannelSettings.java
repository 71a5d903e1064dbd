package io.pivotreport.platform.data;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Refuses to start a service whose Kafka consumer channels could still stop for good on an outage. Every incoming
 * {@code smallrye-kafka} channel must use {@code commit-strategy=latest} (the {@code throttled} strategy asks the broker
 * for the committed offset inside the record stream, and a timeout there fails the channel whatever the failure
 * strategy) and keep reconnecting ({@code retry=true}, {@code retry-attempts=-1}, the connector's defaults, which must
 * not be overridden). The handlers themselves wait out processing failures with {@link ConsumerRetry}.
 */
@ApplicationScoped
public class ConsumerChannelSettings {

    private static final String INCOMING = "mp.messaging.incoming.";
    private static final String CONNECTOR_DEFAULTS = "mp.messaging.connector.smallrye-kafka.";

    /** An incoming channel: its name and the key under which its properties are written (quoted when it has dots). */
    public record Channel(String name, String key) {
    }

    void onStart(@Observes StartupEvent event, Config config) {
        List<String> problems = problems(config.getPropertyNames(), name -> config.getOptionalValue(name, String.class));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Kafka consumer settings that would stop a channel on an outage: "
                    + String.join("; ", problems));
        }
    }

    /** Every incoming channel bound to the Kafka connector, by name. */
    public static List<Channel> incomingKafkaChannels(Iterable<String> propertyNames) {
        TreeMap<String, Channel> channels = new TreeMap<>();
        for (String property : propertyNames) {
            if (property.startsWith(INCOMING) && property.endsWith(".connector")) {
                String key = property.substring(INCOMING.length(), property.length() - ".connector".length());
                String name = key.length() > 1 && key.startsWith("\"") && key.endsWith("\"")
                        ? key.substring(1, key.length() - 1) : key;
                channels.put(name, new Channel(name, key));
            }
        }
        return List.copyOf(channels.values());
    }

    /** What is wrong with the incoming Kafka channels' settings (empty when nothing is). */
    public static List<String> problems(Iterable<String> propertyNames, Function<String, Optional<String>> lookup) {
        List<String> problems = new ArrayList<>();
        for (Channel channel : incomingKafkaChannels(propertyNames)) {
            String prefix = INCOMING + channel.key() + ".";
            if (!lookup.apply(prefix + "connector").map("smallrye-kafka"::equals).orElse(false)) {
                continue;
            }
            String strategy = setting(lookup, prefix, "commit-strategy").orElse("(default)");
            if (!strategy.trim().equals("latest")) {
                problems.add(prefix + "commit-strategy must be latest, not " + strategy);
            }
            if (!setting(lookup, prefix, "retry").orElse("true").trim().equalsIgnoreCase("true")) {
                problems.add(prefix + "retry must be true");
            }
            if (!setting(lookup, prefix, "retry-attempts").orElse("-1").trim().equals("-1")) {
                problems.add(prefix + "retry-attempts must be -1 (reconnect forever)");
            }
        }
        return problems;
    }

    private static Optional<String> setting(Function<String, Optional<String>> lookup, String prefix, String name) {
        Optional<String> own = lookup.apply(prefix + name);
        return own.isPresent() ? own : lookup.apply(CONNECTOR_DEFAULTS + name);
    }
}
