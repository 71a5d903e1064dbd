package io.pivotreport.gateway.rest;

import io.pivotreport.auth.TokenClass;
import io.pivotreport.gateway.security.AcceptsToken;
import io.pivotreport.gateway.security.GatewayCaller;
import io.pivotreport.gateway.security.GatewayRoles;
import io.pivotreport.gateway.service.SessionEventIntake;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** Session events from the front end: 202 only after Kafka acknowledged every event of the batch. */
@Path("/api/events")
public class EventsResource {

    private final SessionEventIntake intake;
    private final SecurityIdentity identity;

    public EventsResource(SessionEventIntake intake, SecurityIdentity identity) {
        this.intake = intake;
        this.identity = identity;
    }

    /** Blocking on purpose (a worker thread): it waits for the broker's acknowledgements. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @AcceptsToken({TokenClass.CONTEXT, TokenClass.FORGE_INVOCATION})
    @RolesAllowed(GatewayRoles.TENANT_USER)
    public Response accept(byte[] body) {
        int accepted = intake.accept(GatewayCaller.of(identity), body);
        return Response.accepted(Map.of("accepted", accepted)).build();
    }
}
