package io.pivotreport.gateway.service;

import io.pivotreport.events.EventJson;
import io.pivotreport.events.SessionEvent;
import io.pivotreport.events.SessionEventInput;
import io.pivotreport.events.SessionEventValidator;
import io.pivotreport.events.Violation;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.messaging.SessionEventProducer;
import io.pivotreport.gateway.security.GatewayCaller;
import io.pivotreport.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/events}: a batch of session events, read with the strict event mapping, every event checked with
 * {@link SessionEventValidator} (field paths such as {@code /events/3/source/ids/1}), then produced with the tenant of
 * the verified token. All or nothing: one invalid event refuses the batch.
 */
@ApplicationScoped
public class SessionEventIntake {

    /** The wire form of a batch. */
    public record SessionEventBatch(List<SessionEventInput> events) {
    }

    private final SessionEventProducer producer;
    private final SessionEventValidator validator;
    private final int maxEvents;
    private final int maxBytes;

    public SessionEventIntake(SessionEventProducer producer, Clock clock, GatewayConfig config) {
        this.producer = producer;
        this.validator = new SessionEventValidator(clock);
        this.maxEvents = config.events().maxEvents();
        this.maxBytes = config.events().maxBodyBytes();
    }

    /** @return how many events the broker acknowledged */
    public int accept(GatewayCaller caller, byte[] body) {
        List<SessionEventInput> inputs = read(BodyLimits.require(body, maxBytes));
        List<SessionEvent> events = new ArrayList<>(inputs.size());
        for (SessionEventInput input : inputs) {
            events.add(SessionEvent.of(caller.tenantId(), input));
        }
        producer.publish(caller.tenantId(), events);
        return events.size();
    }

    List<SessionEventInput> read(byte[] body) {
        SessionEventBatch batch;
        try {
            batch = EventJson.mapper().readValue(body, SessionEventBatch.class);
        } catch (IOException e) {
            // platform-service's mappers unwrap the Jackson failure into a 400 with the field path
            throw new BadRequestException(e);
        }
        if (batch == null || batch.events() == null || batch.events().isEmpty()) {
            throw ProblemException.validation(List.of(new Violation("/events", "must hold at least one event")));
        }
        if (batch.events().size() > maxEvents) {
            throw ProblemException.validation(List.of(new Violation("/events",
                    "must hold at most " + maxEvents + " events")));
        }
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < batch.events().size(); i++) {
            violations.addAll(validator.validate(batch.events().get(i), "/events/" + i));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        return batch.events();
    }
}
