package io.pivotreport.gateway.internal;

/** The private services behind the gateway; the audience of an internal token is the service's name. */
public enum PrivateService {
    LICENSE("license-service"),
    REPORT("report-service"),
    ANALYTICS("analytics-service");

    private final String audience;

    PrivateService(String audience) {
        this.audience = audience;
    }

    /** {@code aud} of internal tokens for this service, equal to its {@code quarkus.application.name}. */
    public String audience() {
        return audience;
    }
}
