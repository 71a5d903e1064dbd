package io.pivotreport.license.rest;

import io.pivotreport.license.service.ConnectLifecycle;
import io.pivotreport.license.service.ForgeLifecycle;
import io.pivotreport.license.service.LifecycleResult;
import io.pivotreport.license.service.LifecycleService;
import io.pivotreport.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Lifecycle events forwarded by the gateway after it verified Atlassian's token. */
@Path("/internal/lifecycle")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LifecycleResource {

    @Inject
    LifecycleService lifecycle;

    @POST
    @Path("/connect")
    @RolesAllowed(Roles.GATEWAY)
    public LifecycleResponse connect(@Valid @NotNull ConnectLifecycleRequest body) {
        return response(lifecycle.applyConnect(new ConnectLifecycle(body.event().model(), body.issuedAt(),
                body.clientKey(), body.baseUrl(), body.displayUrl(), body.productType(), body.sharedSecret(),
                body.oauthClientId(), body.entitlementId(), body.entitlementNumber(), body.cloudId(),
                body.installationId())));
    }

    @POST
    @Path("/forge")
    @RolesAllowed(Roles.GATEWAY)
    public LifecycleResponse forge(@Valid @NotNull ForgeLifecycleRequest body) {
        return response(lifecycle.applyForge(new ForgeLifecycle(body.event().model(), body.issuedAt(),
                body.installationId(), body.cloudId(), body.environmentType(), body.environmentId(), body.appId())));
    }

    private static LifecycleResponse response(LifecycleResult result) {
        return new LifecycleResponse(result.tenantId(), result.state().wire(), result.applied());
    }
}
