package io.pivotreport.gateway;

import io.pivotreport.gateway.security.GatewayRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * Test-only routes (part of the application under @QuarkusTest) that someone added carelessly: one with roles but no
 * token class, one with nothing at all. {@link EdgeHardeningTest} proves both are refused whatever token comes.
 */
@Path("/test-only")
public class UndeclaredRoutes {

    @GET
    @Path("/roles-but-no-token-class")
    @RolesAllowed(GatewayRoles.TENANT_USER)
    public String rolesButNoTokenClass() {
        return "should never be served";
    }

    @GET
    @Path("/nothing-declared")
    public String nothingDeclared() {
        return "should never be served";
    }
}
