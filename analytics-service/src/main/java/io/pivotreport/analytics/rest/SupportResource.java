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
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.ResponseHeader;

import java.time.LocalDate;
import java.util.List;

/**
 * Support engineers' view of one tenant's report performance. The tenant comes from the path on purpose: this is the
 * support path (role {@code support}), not a tenant's own call. Issue 10 puts it behind the audited support gateway.
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
        MDC.put("tenant", tenantId);
        try {
            return new DailyAggregates(tenantId, range.from(), range.to(), "UTC",
                    aggregates.daily(tenantId, range).stream().map(Day::of).toList());
        } finally {
            MDC.remove("tenant");
        }
    }
}
