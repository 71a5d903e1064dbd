package io.pivotreport.license.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pivotreport.license.service.LicenseService;
import io.pivotreport.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.UUID;

/** Licence checks reported by the gateway and the licence state the app reads; the tenant is always the token's. */
@Path("/internal")
public class LicenseResource {

    public enum Source {
        /** the {@code lic} query parameter of a page load */
        @JsonProperty("page") PAGE,
        /** the licence REST API's answer */
        @JsonProperty("rest") REST;

        String wire() {
            return this == PAGE ? "page" : "rest";
        }
    }

    /** @param lic Atlassian's licence status word, e.g. {@code active} or {@code none} */
    public record LicenseCheckRequest(
            @NotNull @Pattern(regexp = "[a-z][a-z_-]{0,31}", message = "must be a lower-case status word") String lic,
            @NotNull Source source) {
    }

    public record License(String status, Instant checkedAt) {
    }

    public record LicenseResponse(UUID tenantId, String state, License license) {
    }

    @Inject
    LicenseService licenses;

    @POST
    @Path("/license-checks")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.GATEWAY)
    public void recordCheck(@Valid @NotNull LicenseCheckRequest body) {
        licenses.recordCheck(body.lic(), body.source().wire());
    }

    @GET
    @Path("/license")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.APP_USER)
    public LicenseResponse license() {
        LicenseService.LicenseView view = licenses.current();
        return new LicenseResponse(view.tenantId(), view.state().wire(), new License(view.status(), view.checkedAt()));
    }
}
