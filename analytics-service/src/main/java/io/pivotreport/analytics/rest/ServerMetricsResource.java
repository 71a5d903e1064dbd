package io.pivotreport.analytics.rest;

import io.pivotreport.analytics.service.ServerMetricsIntake;
import io.pivotreport.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Intake of anonymised metrics from server (Data Center) installations, forwarded by the gateway (role
 * {@code gateway}). 204 when stored; 409 {@code opted-out} when the installation opted out (now or before).
 */
@Path("/server-metrics")
public class ServerMetricsResource {

    @Inject
    ServerMetricsIntake intake;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.GATEWAY)
    public Response submit(@NotNull @Valid ServerMetricsRequest request) {
        intake.submit(request);
        return Response.noContent().build();
    }
}
