package io.pivotreport.analytics.config;

import io.pivotreport.analytics.messaging.Channels;
import io.pivotreport.events.Topics;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * Binds each messaging channel to its topic from {@link Topics}, so topic names are written once in the code base and
 * never copied into application.properties. The low ordinal lets an operator still override a topic via environment.
 */
public class TopicConfigSource implements ConfigSource {

    private static final Map<String, String> PROPERTIES = Map.of(
            "mp.messaging.incoming." + Channels.SESSION_EVENTS + ".topic", Topics.SESSION_EVENTS,
            "mp.messaging.outgoing." + Channels.SESSION_EVENTS_DEAD_LETTER + ".topic", Topics.SESSION_EVENTS_DEAD_LETTER,
            "mp.messaging.incoming." + Channels.TENANT_LIFECYCLE + ".topic", Topics.TENANT_LIFECYCLE);

    @Override
    public Map<String, String> getProperties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "pivot-topics";
    }

    @Override
    public int getOrdinal() {
        return 100;
    }
}
