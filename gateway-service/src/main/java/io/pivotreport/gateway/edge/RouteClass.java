package io.pivotreport.gateway.edge;

/** The fixed route classes of {@code pivot_gateway_requests_total}: few, known in advance, never a path or an id. */
public enum RouteClass {
    DESCRIPTOR, PAGE, LIFECYCLE, FORGE_LIFECYCLE, API, EVENTS, SUPPORT, STATIC, MANAGEMENT, OTHER;

    public static RouteClass of(String path) {
        if (path == null) {
            return OTHER;
        }
        if (path.equals("/atlassian-connect.json")) {
            return DESCRIPTOR;
        }
        if (path.startsWith("/pages/")) {
            return PAGE;
        }
        if (path.startsWith("/lifecycle/")) {
            return LIFECYCLE;
        }
        if (path.startsWith("/forge/")) {
            return FORGE_LIFECYCLE;
        }
        if (path.equals("/api/events") || path.startsWith("/api/events/")) {
            return EVENTS;
        }
        if (path.startsWith("/api/")) {
            return API;
        }
        if (path.equals("/support") || path.startsWith("/support/")) {
            return SUPPORT;
        }
        if (path.startsWith("/assets/")) {
            return STATIC;
        }
        if (path.startsWith("/q/")) {
            return MANAGEMENT;
        }
        return OTHER;
    }

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
