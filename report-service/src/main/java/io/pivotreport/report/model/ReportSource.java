package io.pivotreport.report.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The issues a report is computed over: {@code {"type":"filter","id":"10010"}}, {@code {"type":"board","id":"7"}},
 * {@code {"type":"project","id":"PIV"}} (a numeric id or a project key) or {@code {"type":"jql","query":"..."}}.
 * Exactly one of {@code id} and {@code query} is present, as the type requires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReportSource(SourceType type, String id, String query) {

    /** The one value the database keeps next to the type: the id, or the query text for JQL. */
    public String reference() {
        return type == SourceType.JQL ? query : id;
    }

    public static ReportSource fromStored(SourceType type, String reference) {
        return type == SourceType.JQL ? new ReportSource(type, null, reference) : new ReportSource(type, reference, null);
    }
}
