package io.pivotreport.report.rest;

import io.pivotreport.events.Violation;
import io.pivotreport.platform.problem.ProblemException;
import io.pivotreport.report.config.ReportConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parsing of the path and query values the user's and the support routes share, with the same problems. */
final class RequestParams {

    /** Canonical UUIDs only: {@link UUID#fromString} would also take forms such as {@code 1-2-3-4-5}. */
    private static final Pattern UUID_TEXT =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("^[0-9]{1,9}$");

    /** A page request: index from 0, size within the configured bounds. */
    record PageRequest(int page, int size) {
    }

    private RequestParams() {
    }

    /** Absent values take their defaults; anything else invalid is a validation problem naming the parameter. */
    static PageRequest page(String page, String size, ReportConfig config) {
        List<Violation> violations = new ArrayList<>();
        int pageIndex = page == null ? 0 : wholeNumber(page, 0, Integer.MAX_VALUE, "page",
                "must be a whole number from 0", violations);
        int pageSize = size == null ? config.defaultPageSize() : wholeNumber(size, 1, config.maxPageSize(), "size",
                "must be a whole number from 1 to " + config.maxPageSize(), violations);
        if (violations.isEmpty() && (long) pageIndex * pageSize > Integer.MAX_VALUE) {
            violations.add(new Violation("page", "is beyond the last possible page"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        return new PageRequest(pageIndex, pageSize);
    }

    /** Anything that is not a report id is simply not found, like an id of someone else's report. */
    static UUID reportId(String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw ProblemException.notFound("Saved report");
        }
        return UUID.fromString(id);
    }

    private static int wholeNumber(String text, int min, int max, String field, String message, List<Violation> out) {
        if (WHOLE_NUMBER.matcher(text).matches()) {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return (int) value;
            }
        }
        out.add(new Violation(field, message));
        return min;
    }
}
