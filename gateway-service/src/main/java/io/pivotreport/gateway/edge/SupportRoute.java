package io.pivotreport.gateway.edge;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The support routes as fixed names: the {@code route} tag of {@code pivot_support_requests_total} and the route
 * template of the support audit line. Never a tenant id or a report id.
 */
public enum SupportRoute {
    LICENSE("/support/tenants/{tenantId}/license", "[^/]+/license"),
    REPORTS("/support/tenants/{tenantId}/reports", "[^/]+/reports/?"),
    REPORT("/support/tenants/{tenantId}/reports/{reportId}", "[^/]+/reports/[^/]+"),
    ANALYTICS_DAILY("/support/tenants/{tenantId}/analytics/daily", "[^/]+/analytics/daily"),
    OTHER("/support/**", ".*");

    private static final String PREFIX = "/support/tenants/";

    private final String template;
    private final Pattern rest;

    SupportRoute(String template, String rest) {
        this.template = template;
        this.rest = Pattern.compile(rest);
    }

    /** The route of a path under {@code /support/}; {@link #OTHER} for anything that is not a support route. */
    public static SupportRoute of(String path) {
        if (path == null || !path.startsWith(PREFIX)) {
            return OTHER;
        }
        String rest = path.substring(PREFIX.length());
        for (SupportRoute route : values()) {
            if (route != OTHER && route.rest.matcher(rest).matches()) {
                return route;
            }
        }
        return OTHER;
    }

    public String template() {
        return template;
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
