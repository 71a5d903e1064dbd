package io.pivotreport.platform.logging.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** The consuming side of the relay: a log line inside the consumer's span. */
@ApplicationScoped
public class ProbeConsumer {

    private static final Logger LOG = Logger.getLogger(ProbeConsumer.class);

    @Incoming("probe-in")
    public void consume(String marker) {
        LOG.infof("relay consumed %s", marker);
    }
}
