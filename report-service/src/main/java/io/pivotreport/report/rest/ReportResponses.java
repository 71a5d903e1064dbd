package io.pivotreport.report.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pivotreport.report.model.ReportConfiguration;
import io.pivotreport.report.model.ReportSource;
import io.pivotreport.report.model.Visibility;
import io.pivotreport.report.service.ReportPageView;
import io.pivotreport.report.service.ReportView;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the report routes answer. */
public final class ReportResponses {

    private ReportResponses() {
    }

    /**
     * One saved report.
     *
     * @param ownerAccountId the Atlassian accountId of the owner (the front end resolves the display name in Jira)
     * @param editable       whether the caller owns it and may change or delete it
     * @param version        the optimistic-locking version, also sent as the ETag
     */
    public record Report(UUID id, String name, ReportSource source, ReportConfiguration configuration,
                         Visibility visibility, String ownerAccountId, boolean editable, Instant createdAt,
                         Instant updatedAt, long version) {

        static Report of(ReportView view) {
            return new Report(view.id(), view.name(), view.source(), view.configuration(), view.visibility(),
                    view.ownerAccountId(), view.editable(), view.createdAt(), view.updatedAt(), view.version());
        }
    }

    /** A report in a listing: everything but the configuration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(UUID id, String name, ReportSource source, Visibility visibility, String ownerAccountId,
                          boolean editable, Instant createdAt, Instant updatedAt, long version) {

        static Summary of(ReportView view) {
            return new Summary(view.id(), view.name(), view.source(), view.visibility(), view.ownerAccountId(),
                    view.editable(), view.createdAt(), view.updatedAt(), view.version());
        }
    }

    /**
     * A page of reports.
     *
     * @param page       zero-based page index
     * @param size       the page size asked for
     * @param totalItems reports the caller may see in all
     * @param totalPages pages of {@code size} needed for them
     */
    public record ReportPage(List<Summary> items, int page, int size, long totalItems, int totalPages) {

        static ReportPage of(ReportPageView view) {
            return new ReportPage(view.items().stream().map(Summary::of).toList(), view.page(), view.size(),
                    view.totalItems(), view.totalPages());
        }
    }
}
