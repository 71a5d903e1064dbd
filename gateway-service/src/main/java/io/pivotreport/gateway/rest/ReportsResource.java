package io.pivotreport.gateway.rest;

import io.pivotreport.auth.TokenClass;
import io.pivotreport.gateway.security.AcceptsToken;
import io.pivotreport.gateway.security.GatewayCaller;
import io.pivotreport.gateway.security.GatewayRoles;
import io.pivotreport.gateway.service.ApiGateway;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Saved reports, forwarded to report-service's {@code /reports} as the verified user of the verified tenant. */
@Path("/api/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportsResource {

    static final String ID = "[A-Za-z0-9-]{1,64}";
    static final String ID_MESSAGE = "must be a report id";

    private final ApiGateway api;
    private final SecurityIdentity identity;

    public ReportsResource(ApiGateway api, SecurityIdentity identity) {
        this.api = api;
        this.identity = identity;
    }

    @GET
    @AcceptsToken({TokenClass.CONTEXT, TokenClass.FORGE_INVOCATION})
    @RolesAllowed(GatewayRoles.TENANT_USER)
    public Uni<Response> list(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
                              @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return api.listReports(caller(), page, size);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @AcceptsToken({TokenClass.CONTEXT, TokenClass.FORGE_INVOCATION})
    @RolesAllowed(GatewayRoles.TENANT_USER)
    public Uni<Response> create(byte[] body) {
        return api.createReport(caller(), body);
    }

    @GET
    @Path("/{id}")
    @AcceptsToken({TokenClass.CONTEXT, TokenClass.FORGE_INVOCATION})
    @RolesAllowed(GatewayRoles.TENANT_USER)
    public Uni<Response> get(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
        return api.getReport(caller(), id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @AcceptsToken({TokenClass.CONTEXT, TokenClass.FORGE_INVOCATION})
    @RolesAllowed(GatewayRoles.TENANT_USER)
    public Uni<Response> update(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id,
                                @HeaderParam("If-Match") String ifMatch, byte[] body) {
        return api.updateReport(caller(), id, body, ifMatch == null || ifMatch.length() > 128 ? null : ifMatch);
    }

    @DELETE
    @Path("/{id}")
    @AcceptsToken({TokenClass.CONTEXT, TokenClass.FORGE_INVOCATION})
    @RolesAllowed(GatewayRoles.TENANT_USER)
    public Uni<Response> delete(@PathParam("id") @Pattern(regexp = ID, message = ID_MESSAGE) String id) {
        return api.deleteReport(caller(), id);
    }

    private GatewayCaller caller() {
        return GatewayCaller.of(identity);
    }
}
