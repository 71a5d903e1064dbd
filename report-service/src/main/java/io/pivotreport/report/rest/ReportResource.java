package io.pivotreport.report.rest;

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

import java.util.UUID;

/**
 * Saved reports of the calling user, behind the gateway ({@code /api/reports...} there). Thin: parses the request,
 * calls {@link ReportService}, which owns tenant, owner and version checks.
 */
@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Saved reports")
public class ReportResource {

    @Inject
    ReportService service;

    @Inject
    ReportConfig config;

    @GET
    @RolesAllowed(Roles.APP_USER)
    @Operation(summary = "The caller's own reports and the tenant's shared ones, most recently changed first")
    public ReportPage list(@QueryParam("page") String page, @QueryParam("size") String size) {
        RequestParams.PageRequest request = RequestParams.page(page, size, config);
        return ReportPage.of(service.list(request.page(), request.size()));
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.APP_USER)
    @Operation(summary = "One report the caller may read; ETag carries its version")
    public Response get(@PathParam("id") String id) {
        return withEtag(Response.ok(), service.get(RequestParams.reportId(id)));
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
        UUID reportId = RequestParams.reportId(id);
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
        service.delete(RequestParams.reportId(id), ifMatch);
        return Response.noContent().build();
    }

    private static Response withEtag(Response.ResponseBuilder builder, ReportView view) {
        return builder.entity(Report.of(view)).tag(new EntityTag(Long.toString(view.version()))).build();
    }
}
