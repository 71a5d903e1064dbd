package io.pivotreport.license.rest;

import io.pivotreport.license.service.TenantLookupService;
import io.pivotreport.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

/** The gateway's tenant look-ups. */
@Path("/internal/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantLookupResource {

    /** The only response that ever carries a shared secret. */
    public record ConnectVerificationResponse(UUID tenantId, String clientKey, String sharedSecret, String baseUrl,
                                              String state) {
        @Override
        public String toString() {
            return "ConnectVerificationResponse[tenantId=" + tenantId + ", state=" + state + "]";
        }
    }

    public record ForgeTenantResponse(UUID tenantId, String installationId, String cloudId, String state) {
    }

    @Inject
    TenantLookupService lookups;

    @GET
    @Path("/connect/{clientKey}/verification")
    @RolesAllowed(Roles.GATEWAY)
    public ConnectVerificationResponse connectVerification(@PathParam("clientKey") @Size(max = 255) String clientKey) {
        TenantLookupService.ConnectVerification found = lookups.connectVerification(clientKey);
        return new ConnectVerificationResponse(found.tenantId(), found.clientKey(), found.sharedSecret(),
                found.baseUrl(), found.state().wire());
    }

    @GET
    @Path("/forge/{installationId}")
    @RolesAllowed(Roles.GATEWAY)
    public ForgeTenantResponse forgeTenant(@PathParam("installationId") @Size(max = 255) String installationId) {
        TenantLookupService.ForgeTenant found = lookups.forgeTenant(installationId);
        return new ForgeTenantResponse(found.tenantId(), found.installationId(), found.cloudId(), found.state().wire());
    }
}
