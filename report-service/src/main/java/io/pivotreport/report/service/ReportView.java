package io.pivotreport.report.service;

import io.pivotreport.report.model.ReportConfiguration;
import io.pivotreport.report.model.ReportSource;
import io.pivotreport.report.model.Visibility;

import java.time.Instant;
import java.util.UUID;

/**
 * A saved report as the calling user may see it.
 *
 * @param editable whether the caller owns it (only the owner changes or deletes a report)
 */
public record ReportView(UUID id, String name, ReportSource source, ReportConfiguration configuration,
                         Visibility visibility, String ownerAccountId, boolean editable, Instant createdAt,
                         Instant updatedAt, long version) {
}
