package io.pivotreport.analytics.rest;

import io.pivotreport.analytics.service.SupportAggregates;
import io.pivotreport.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.ResponseHeader;

import java.time.LocalDate;
import java.util.List;

/**
 * Support engineers' view of one tenant's report performance, behind the gateway's audited support path. The path
 * names the tenant (the gateway routes by it) but the service reads the tenant of the internal token and refuses a
 * path that names another one; every read is recorded in {@code support_access_audit} in its own transaction.
 */
@Path("/support/tenants/{tenantId}")
@Produces(MediaType.APPLICATION_JSON)
public class SupportResource {

    @Inject
    SupportAggregates aggregates;

    /** The tenant's days from {@code from} to {@code to} (inclusive, UTC). */
    public record DailyAggregates(String tenantId, LocalDate from, LocalDate to, String timeZone, List<Day> days) {
    }

    /** One UTC day; the percentiles (nearest rank, milliseconds) are null when no timed report was generated. */
    public record Day(LocalDate date, long reportsGenerated, Integer generationP50Ms, Integer generationP95Ms,
                      long failures) {

        static Day of(SupportAggregates.Day day) {
            return new Day(day.date(), day.reportsGenerated(), day.generationP50Ms(), day.generationP95Ms(),
                    day.failures());
        }
    }

    @GET
    @Path("/daily")
    @RolesAllowed(Roles.SUPPORT)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public DailyAggregates daily(@PathParam("tenantId") String tenantId, @QueryParam("from") String from,
                                 @QueryParam("to") String to) {
        SupportAggregates.Range range = aggregates.range(tenantId, from, to);
        List<SupportAggregates.Day> days = aggregates.auditedDaily(tenantId, range);
        return new DailyAggregates(tenantId, range.from(), range.to(), "UTC", days.stream().map(Day::of).toList());
    }
}
