package io.pivotreport.report.service;

import io.pivotreport.report.model.ReportConfiguration;
import io.pivotreport.report.model.ReportSource;
import io.pivotreport.report.model.Visibility;

/**
 * A saved report as a caller proposes it, before validation: what create and update have in common.
 *
 * @param visibility absent means {@link Visibility#PRIVATE}: sharing is always an explicit choice
 */
public record ReportDraft(String name, ReportSource source, ReportConfiguration configuration, Visibility visibility) {

    public Visibility visibilityOrDefault() {
        return visibility == null ? Visibility.PRIVATE : visibility;
    }
}
