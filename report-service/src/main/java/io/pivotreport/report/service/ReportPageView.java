package io.pivotreport.report.service;

import java.util.List;

/** One page of the reports a user may see, newest change first; {@code items} carry no configuration. */
public record ReportPageView(List<ReportView> items, int page, int size, long totalItems) {

    public int totalPages() {
        return (int) ((totalItems + size - 1) / size);
    }
}
