package io.pivotreport.report.rest;

import io.pivotreport.events.Violation;
import io.pivotreport.platform.problem.ProblemException;
import io.pivotreport.platform.security.Roles;
import io.pivotreport.report.config.ReportConfig;
import io.pivotreport.report.rest.ReportResponses.Report;
import io.pivotreport.report.rest.ReportResponses.ReportPage;
import io.pivotreport.report.service.ReportService;
import io.pivotreport.report.service.ReportView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Saved reports of the calling user, behind the gateway ({@code /api/reports...} there). Thin: parses the request,
 * calls {@link ReportService}, which owns tenant, owner and version checks.
 */
@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Saved reports")
public class ReportResource {

    /** Canonical UUIDs only: {@link UUID#fromString} would also take forms such as {@code 1-2-3-4-5}. */
    private static final Pattern UUID_TEXT =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("^[0-9]{1,9}$");

    @Inject
    ReportService service;

    @Inject
    ReportConfig config;

    @GET
    @RolesAllowed(Roles.APP_USER)
    @Operation(summary = "The caller's own reports and the tenant's shared ones, most recently changed first")
    public ReportPage list(@QueryParam("page") String page, @QueryParam("size") String size) {
        List<Violation> violations = new ArrayList<>();
        int pageIndex = page == null ? 0 : parse(page, 0, Integer.MAX_VALUE, "page",
                "must be a whole number from 0", violations);
        int pageSize = size == null ? config.defaultPageSize() : parse(size, 1, config.maxPageSize(), "size",
                "must be a whole number from 1 to " + config.maxPageSize(), violations);
        if (violations.isEmpty() && (long) pageIndex * pageSize > Integer.MAX_VALUE) {
            violations.add(new Violation("page", "is beyond the last possible page"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        return ReportPage.of(service.list(pageIndex, pageSize));
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.APP_USER)
    @Operation(summary = "One report the caller may read; ETag carries its version")
    public Response get(@PathParam("id") String id) {
        return withEtag(Response.ok(), service.get(reportId(id)));
    }

    @POST
    @RolesAllowed(Roles.APP_USER)
    @Operation(summary = "Save a new report owned by the caller")
    public Response create(ReportRequests.Create body) {
        ReportView created = service.create(body == null ? null : body.draft());
        // A relative Location: the gateway serves this under its own prefix.
        return withEtag(Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/reports/" + created.id()), created);
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.APP_USER)
    @Operation(summary = "Replace a report the caller owns; needs the version read (body or If-Match)")
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           ReportRequests.Update body) {
        UUID reportId = reportId(id);
        ReportView updated = body == null
                ? service.update(reportId, null, null, ifMatch)
                : service.update(reportId, body.draft(), body.version(), ifMatch);
        return withEtag(Response.ok(), updated);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.APP_USER)
    @Operation(summary = "Delete a report the caller owns (the row is gone); If-Match is optional")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        service.delete(reportId(id), ifMatch);
        return Response.noContent().build();
    }

    private static Response withEtag(Response.ResponseBuilder builder, ReportView view) {
        return builder.entity(Report.of(view)).tag(new EntityTag(Long.toString(view.version()))).build();
    }

    /** Anything that is not a report id is simply not found, like an id of someone else's report. */
    private static UUID reportId(String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw ProblemException.notFound("Saved report");
        }
        return UUID.fromString(id);
    }

    private static int parse(String text, int min, int max, String field, String message, List<Violation> out) {
        if (WHOLE_NUMBER.matcher(text).matches()) {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return (int) value;
            }
        }
        out.add(new Violation(field, message));
        return min;
    }
}
