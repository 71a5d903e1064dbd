package io.pivotreport.gateway.rest;

import io.pivotreport.gateway.security.AcceptsSupportToken;
import io.pivotreport.gateway.security.GatewayRoles;
import io.pivotreport.gateway.security.SupportCaller;
import io.pivotreport.gateway.service.SupportGateway;
import io.pivotreport.gateway.service.SupportGateway.SupportRequest;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The audited support path: read-only views of one tenant for a support engineer with a support token and a stated
 * reason ({@code X-Support-Reason}, checked after the token). The tenant comes from the path on purpose — an engineer
 * belongs to no tenant — and travels inward only as the internal token's {@code tenant} claim.
 */
@Path("/support/tenants/{tenantId}")
@Produces(MediaType.APPLICATION_JSON)
public class SupportResource {

    static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    static final String UUID_MESSAGE = "must be a tenant id (UUID)";
    static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
    static final String DATE_MESSAGE = "must be a date (YYYY-MM-DD)";
    public static final String REASON_HEADER = "X-Support-Reason";
    public static final String TICKET_HEADER = "X-Support-Ticket";

    private final SupportGateway support;
    private final SecurityIdentity identity;

    public SupportResource(SupportGateway support, SecurityIdentity identity) {
        this.support = support;
        this.identity = identity;
    }

    @GET
    @Path("/license")
    @AcceptsSupportToken
    @RolesAllowed(GatewayRoles.SUPPORT_ENGINEER)
    public Uni<Response> license(@PathParam("tenantId") @Pattern(regexp = UUID, message = UUID_MESSAGE) String tenantId,
                                 @HeaderParam(REASON_HEADER) String reason,
                                 @HeaderParam(TICKET_HEADER) String ticket) {
        return support.license(request(tenantId, reason, ticket));
    }

    @GET
    @Path("/reports")
    @AcceptsSupportToken
    @RolesAllowed(GatewayRoles.SUPPORT_ENGINEER)
    public Uni<Response> reports(@PathParam("tenantId") @Pattern(regexp = UUID, message = UUID_MESSAGE) String tenantId,
                                 @QueryParam("page") @DefaultValue("0") @Min(0) @Max(10_000) int page,
                                 @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size,
                                 @HeaderParam(REASON_HEADER) String reason,
                                 @HeaderParam(TICKET_HEADER) String ticket) {
        return support.reports(request(tenantId, reason, ticket), page, size);
    }

    @GET
    @Path("/reports/{reportId}")
    @AcceptsSupportToken
    @RolesAllowed(GatewayRoles.SUPPORT_ENGINEER)
    public Uni<Response> report(@PathParam("tenantId") @Pattern(regexp = UUID, message = UUID_MESSAGE) String tenantId,
                                @PathParam("reportId") @Pattern(regexp = ReportsResource.ID,
                                        message = ReportsResource.ID_MESSAGE) String reportId,
                                @HeaderParam(REASON_HEADER) String reason,
                                @HeaderParam(TICKET_HEADER) String ticket) {
        return support.report(request(tenantId, reason, ticket), reportId);
    }

    @GET
    @Path("/analytics/daily")
    @AcceptsSupportToken
    @RolesAllowed(GatewayRoles.SUPPORT_ENGINEER)
    public Uni<Response> analyticsDaily(
            @PathParam("tenantId") @Pattern(regexp = UUID, message = UUID_MESSAGE) String tenantId,
            @QueryParam("from") @Pattern(regexp = DATE, message = DATE_MESSAGE) String from,
            @QueryParam("to") @Pattern(regexp = DATE, message = DATE_MESSAGE) String to,
            @HeaderParam(REASON_HEADER) String reason,
            @HeaderParam(TICKET_HEADER) String ticket) {
        return support.analyticsDaily(request(tenantId, reason, ticket), from, to);
    }

    private SupportRequest request(String tenantId, String reason, String ticket) {
        // lower case, so one tenant is one tenant in the private service's audit rows and in the gateway's log
        return SupportGateway.request(SupportCaller.of(identity), tenantId.toLowerCase(java.util.Locale.ROOT),
                reason, ticket);
    }
}
