package io.pivotreport.report.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.pivotreport.report.model.ReportConfiguration;
import io.pivotreport.report.model.ReportSource;
import io.pivotreport.report.model.Visibility;
import io.pivotreport.report.service.ReportDraft;

/** Bodies of {@code POST /reports} and {@code PUT /reports/{id}}. Unknown members are refused. */
public final class ReportRequests {

    private ReportRequests() {
    }

    /** A new report; {@code visibility} defaults to private. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Create(String name, ReportSource source, ReportConfiguration configuration, Visibility visibility) {

        ReportDraft draft() {
            return new ReportDraft(name, source, configuration, visibility);
        }
    }

    /**
     * The full new state of a report (absent visibility means private), with the version it was read at unless the
     * request carries {@code If-Match}.
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Update(String name, ReportSource source, ReportConfiguration configuration, Visibility visibility,
                         Long version) {

        ReportDraft draft() {
            return new ReportDraft(name, source, configuration, visibility);
        }
    }
}
