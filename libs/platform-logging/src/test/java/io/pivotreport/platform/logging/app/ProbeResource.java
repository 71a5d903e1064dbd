package io.pivotreport.platform.logging.app;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/** A stand-in service: logs the way the platform's services do, so the tests can look at what was shipped. */
@Path("/probe")
public class ProbeResource {

    private static final Logger LOG = Logger.getLogger(ProbeResource.class);
    private static final org.slf4j.Logger SLF4J = LoggerFactory.getLogger("io.pivotreport.probe.slf4j");

    @Inject
    @Channel("probe-out")
    Emitter<String> relay;

    /** Logs one line for a tenant, the way a service logs inside a tenant's request. */
    @GET
    @Path("/hello")
    public String hello(@QueryParam("marker") String marker, @QueryParam("tenant") String tenant) {
        MDC.put("tenant", tenant);
        try {
            LOG.infof("hello probe %s", marker);
            LOG.debugf("debug probe %s", marker);
        } finally {
            MDC.remove("tenant");
        }
        return marker;
    }

    /** Logs through SLF4J, as Kafka clients and Flyway do. */
    @GET
    @Path("/slf4j")
    public String slf4j(@QueryParam("marker") String marker) {
        SLF4J.warn("slf4j probe {}", marker);
        return marker;
    }

    /** Logs {@code secret} through every path a record has: message, parameter, exception messages, MDC. */
    @POST
    @Path("/leak")
    @Consumes(MediaType.TEXT_PLAIN)
    public String leak(@QueryParam("marker") String marker, String secret) {
        LOG.info("leak-message " + marker + " " + secret);
        LOG.infof("leak-param %s %s", marker, secret);
        LOG.infov("leak-messageformat {0} {1}", marker, secret);
        java.util.logging.Logger.getLogger("io.pivotreport.probe.jul")
                .log(java.util.logging.Level.WARNING, "leak-jul " + marker + " {0}", secret);
        RuntimeException cause = new IllegalArgumentException("cause says " + secret);
        IllegalStateException failure = new IllegalStateException("failure says " + secret, cause);
        failure.addSuppressed(new UnsupportedOperationException("suppressed says " + secret));
        LOG.error("leak-exception " + marker, failure);
        MDC.put("tenant", secret);
        MDC.put("note", secret);
        try {
            LOG.infof("leak-mdc %s", marker);
        } finally {
            MDC.remove("tenant");
            MDC.remove("note");
        }
        return marker;
    }

    /** Logs, then sends {@code marker} through Kafka to {@link ProbeConsumer}, which logs it again. */
    @POST
    @Path("/relay")
    public String relay(@QueryParam("marker") String marker) throws Exception {
        LOG.infof("relay sending %s", marker);
        relay.send(marker).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return marker;
    }
}
