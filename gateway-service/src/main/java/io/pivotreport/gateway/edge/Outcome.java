package io.pivotreport.gateway.edge;

/** The fixed outcomes of {@code pivot_gateway_requests_total}, derived from the status code. */
public enum Outcome {
    OK, CLIENT_ERROR, UNAUTHENTICATED, LICENSE_REQUIRED, FORBIDDEN, RATE_LIMITED, UNAVAILABLE, ERROR;

    public static Outcome of(int status) {
        if (status < 400) {
            return OK;
        }
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 402 -> LICENSE_REQUIRED;
            case 403 -> FORBIDDEN;
            case 429 -> RATE_LIMITED;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> status < 500 ? CLIENT_ERROR : ERROR;
        };
    }

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
