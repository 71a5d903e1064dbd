package io.pivotreport.gateway.security;

import io.pivotreport.auth.TokenClass;
import io.pivotreport.gateway.rest.ConnectLifecycleResource;
import io.pivotreport.gateway.rest.DescriptorResource;
import io.pivotreport.gateway.rest.EventsResource;
import io.pivotreport.gateway.rest.ForgeLifecycleResource;
import io.pivotreport.gateway.rest.LicenseResource;
import io.pivotreport.gateway.rest.PageResource;
import io.pivotreport.gateway.rest.ReportsResource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteDeclarationsCheckTest {

    /** Not a root resource (no class-level @Path), so the test application never serves it. */
    static class Incoherent {
        @GET
        @PermitAll
        @AcceptsToken(TokenClass.CONTEXT)
        public String publicButTokened() {
            return "";
        }

        @GET
        @AcceptsToken(TokenClass.CONTEXT)
        public String noRoles() {
            return "";
        }

        @GET
        @RolesAllowed(GatewayRoles.TENANT_USER)
        @AcceptsToken({TokenClass.CONTEXT, TokenClass.HOST})
        public String twoConnectClasses() {
            return "";
        }
    }

    /** Support routes declared wrongly: mixed with Atlassian classes, without roles, or writing. */
    static class IncoherentSupport {
        @GET
        @RolesAllowed(GatewayRoles.SUPPORT_ENGINEER)
        @AcceptsSupportToken
        @AcceptsToken(TokenClass.CONTEXT)
        public String supportAndAtlassian() {
            return "";
        }

        @GET
        @PermitAll
        @AcceptsSupportToken
        public String supportWithoutRoles() {
            return "";
        }

        @jakarta.ws.rs.POST
        @RolesAllowed(GatewayRoles.SUPPORT_ENGINEER)
        @AcceptsSupportToken
        public String supportThatWrites() {
            return "";
        }
    }

    @Test
    void supportRoutesMustBeReadOnlyRoleBoundAndSupportOnly() {
        List<String> problems = RouteDeclarationsCheck.problems(IncoherentSupport.class);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("supportAndAtlassian")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("supportWithoutRoles")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("supportThatWrites") && p.contains("GET")));
    }

    @Test
    void everyRouteOfTheGatewayIsCoherent() {
        for (Class<?> resource : List.of(DescriptorResource.class, PageResource.class, ConnectLifecycleResource.class,
                ForgeLifecycleResource.class, ReportsResource.class, LicenseResource.class, EventsResource.class,
                io.pivotreport.gateway.rest.SupportResource.class)) {
            assertEquals(List.of(), RouteDeclarationsCheck.problems(resource), resource.getSimpleName());
        }
    }

    @Test
    void incoherentDeclarationsAreNamed() {
        List<String> problems = RouteDeclarationsCheck.problems(Incoherent.class);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("publicButTokened") && p.contains("@PermitAll")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("noRoles") && p.contains("@RolesAllowed")));
        assertTrue(problems.stream().anyMatch(p -> p.contains("twoConnectClasses")));
    }
}
