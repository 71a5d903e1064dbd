package io.pivotreport.report.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pivotreport.platform.problem.ProblemException;
import io.pivotreport.platform.security.Roles;
import io.pivotreport.report.config.ReportConfig;
import io.pivotreport.report.model.ReportConfiguration;
import io.pivotreport.report.model.ReportSource;
import io.pivotreport.report.model.Visibility;
import io.pivotreport.report.service.SupportReports;
import io.pivotreport.report.service.SupportReports.SupportReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The audited support path (policy P8): read-only views of the token's tenant for the {@code support} role, reached
 * through the gateway's {@code /support/tenants/{tenantId}/...}. There is no write route for support.
 */
@Path("/support/reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Support (audited, read-only)")
public class SupportResource {

    @Inject
    SupportReports reports;

    @Inject
    ReportConfig config;

    @GET
    @RolesAllowed(Roles.SUPPORT)
    @Operation(summary = "All reports of the tenant (every owner, private and shared), newest change first; audited")
    public Page list(@QueryParam("page") String page, @QueryParam("size") String size) {
        RequestParams.PageRequest request = RequestParams.page(page, size, config);
        SupportReports.SupportPage result = reports.list(request.page(), request.size());
        return new Page(result.items().stream().map(Summary::of).toList(), result.page(), result.size(),
                result.totalItems(), result.totalPages());
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.SUPPORT)
    @Operation(summary = "One report of the tenant with its configuration; audited, also when not found")
    public Detail get(@PathParam("id") String id) {
        return reports.get(RequestParams.reportId(id)).map(Detail::of)
                .orElseThrow(() -> ProblemException.notFound("Saved report"));
    }

    /** A report in the support listing: no configuration, no accountId (only whether an owner is present). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(UUID id, String name, ReportSource source, Visibility visibility, boolean ownerPresent,
                          Instant ownerErasedAt, Instant createdAt, Instant updatedAt, long version,
                          int configurationBytes) {

        static Summary of(SupportReport r) {
            return new Summary(r.id(), r.name(), r.source(), r.visibility(), r.ownerPresent(), r.ownerErasedAt(),
                    r.createdAt(), r.updatedAt(), r.version(), r.configurationBytes());
        }
    }

    /** One report for support, with its configuration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(UUID id, String name, ReportSource source, Visibility visibility, boolean ownerPresent,
                         Instant ownerErasedAt, Instant createdAt, Instant updatedAt, long version,
                         int configurationBytes, ReportConfiguration configuration) {

        static Detail of(SupportReport r) {
            return new Detail(r.id(), r.name(), r.source(), r.visibility(), r.ownerPresent(), r.ownerErasedAt(),
                    r.createdAt(), r.updatedAt(), r.version(), r.configurationBytes(), r.configuration());
        }
    }

    public record Page(List<Summary> items, int page, int size, long totalItems, int totalPages) {
    }
}
