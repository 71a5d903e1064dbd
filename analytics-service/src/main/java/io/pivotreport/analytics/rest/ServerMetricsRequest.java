package io.pivotreport.analytics.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.LocalDate;

/**
 * Anonymised metrics of one server (Data Center) installation for one day. Every field is an id, a version, a count,
 * a date or an enum: there is nowhere to put a name, an e-mail address or any free text, and unknown fields are
 * rejected. A message with {@code optedOut=true} only needs {@code organisationId}.
 *
 * @param organisationId the installation's server id (letters, digits and dashes); stored only as a keyed hash
 * @param optedOut       true when the administrator turned metrics collection off
 */
public record ServerMetricsRequest(
        @NotNull @Pattern(regexp = ORGANISATION_ID, message = "must be a server id of letters, digits and dashes")
        String organisationId,
        @Pattern(regexp = APP_VERSION, message = "must be a version such as 1.4.2") String appVersion,
        @Pattern(regexp = PRODUCT_VERSION, message = "must be a version such as 9.12.4") String productVersion,
        @NotNull Boolean optedOut,
        LocalDate period,
        @Valid Counts counts) {

    static final String ORGANISATION_ID = "^[A-Za-z0-9][A-Za-z0-9-]{3,63}$";
    static final String APP_VERSION = "^[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,6}(?:-[A-Za-z0-9.]{1,20})?$";
    static final String PRODUCT_VERSION = "^[0-9]{1,4}(?:\\.[0-9]{1,4}){1,3}(?:-[A-Za-z0-9.]{1,20})?$";
    static final int MAX_COUNT = 100_000_000;

    /** Aggregate counts of the period; users only as a coarse bucket, never a list or an exact number. */
    public record Counts(
            @NotNull @Min(0) @Max(MAX_COUNT) Integer reportsGenerated,
            @NotNull @Min(0) @Max(MAX_COUNT) Integer savedReports,
            @NotNull ActiveUsersBucket activeUsersBucket) {
    }

    public enum ActiveUsersBucket {
        @JsonProperty("0") NONE("0"),
        @JsonProperty("1-10") UP_TO_10("1-10"),
        @JsonProperty("11-100") UP_TO_100("11-100"),
        @JsonProperty("101-1000") UP_TO_1000("101-1000"),
        @JsonProperty("1001-10000") UP_TO_10000("1001-10000"),
        @JsonProperty("10001+") MORE("10001+");

        private final String label;

        ActiveUsersBucket(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
