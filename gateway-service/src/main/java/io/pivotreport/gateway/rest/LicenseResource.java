package io.pivotreport.gateway.rest;

import io.pivotreport.auth.TokenClass;
import io.pivotreport.gateway.security.AcceptsToken;
import io.pivotreport.gateway.security.GatewayCaller;
import io.pivotreport.gateway.security.GatewayRoles;
import io.pivotreport.gateway.service.ApiGateway;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The tenant's licence as license-service records it ({@code GET /internal/license}). */
@Path("/api/license")
public class LicenseResource {

    private final ApiGateway api;
    private final SecurityIdentity identity;

    public LicenseResource(ApiGateway api, SecurityIdentity identity) {
        this.api = api;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @AcceptsToken({TokenClass.CONTEXT, TokenClass.FORGE_INVOCATION})
    @RolesAllowed(GatewayRoles.TENANT_USER)
    public Uni<Response> license() {
        return api.license(GatewayCaller.of(identity));
    }
}
