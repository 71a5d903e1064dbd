package io.pivotreport.report.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What a pivot report shows, as a strict document (schema version {@value #CURRENT_SCHEMA_VERSION}). It references
 * Jira fields by id and filters by ids, keys and a closed set of tokens; there is no free-text member anywhere, so issue
 * summaries, descriptions, user names or e-mail addresses have nowhere to go (policy P4). Unknown members are refused at
 * every level; absent lists mean empty. The rules and bounds are enforced by
 * {@link io.pivotreport.report.service.ReportValidator} and documented in docs/report-service.md.
 *
 * @param schemaVersion required; lets a later schema be read next to this one
 * @param rows          row dimensions, outermost first
 * @param columns       column dimensions, outermost first
 * @param measures      the values in the cells
 * @param sorting       at most one rule per axis
 * @param filters       restrictions on the source's issues, all of which must hold
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ReportConfiguration(Integer schemaVersion, List<Dimension> rows, List<Dimension> columns,
                                  List<Measure> measures, List<SortRule> sorting, List<FilterRule> filters) {

    public static final int CURRENT_SCHEMA_VERSION = 1;

    public ReportConfiguration {
        rows = rows == null ? List.of() : rows;
        columns = columns == null ? List.of() : columns;
        measures = measures == null ? List.of() : measures;
        sorting = sorting == null ? List.of() : sorting;
        filters = filters == null ? List.of() : filters;
    }

    /**
     * A row or column grouping by one field.
     *
     * @param field        a Jira field id
     * @param dateGrouping for date fields: the bucket size; absent groups by the field's value
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dimension(String field, DateGrouping dateGrouping) {
    }

    /**
     * One value per cell.
     *
     * @param field       the Jira field aggregated; optional only for {@link Aggregation#COUNT}, which then counts issues
     * @param aggregation how the field's values in a cell are combined
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Measure(String field, Aggregation aggregation) {
    }

    /**
     * How one axis is ordered.
     *
     * @param axis         the axis this rule orders
     * @param by           by the dimension labels or by a measure's totals
     * @param measureIndex with {@code by = measure}: the index of that measure in {@code measures}
     * @param direction    ascending or descending
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SortRule(Axis axis, SortBy by, Integer measureIndex, Direction direction) {
    }

    /**
     * A restriction on one field.
     *
     * @param field    a Jira field id
     * @param operator how the values apply
     * @param values   numeric ids, Jira keys or {@link #FILTER_TOKENS}; required for {@code in}/{@code not_in}, absent
     *                 for the emptiness operators
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FilterRule(String field, FilterOperator operator, List<String> values) {
    }

    /** Filter values that are neither ids nor keys: relative dates, the calling user, sprint and version states. */
    public static final List<String> FILTER_TOKENS = List.of(
            "current_user", "unassigned",
            "today", "yesterday", "this_week", "last_week", "this_month", "last_month", "this_quarter", "this_year",
            "last_7_days", "last_30_days", "last_90_days",
            "open_sprints", "closed_sprints", "future_sprints",
            "released_versions", "unreleased_versions");

    public enum DateGrouping {
        @JsonProperty("day") DAY,
        @JsonProperty("week") WEEK,
        @JsonProperty("month") MONTH,
        @JsonProperty("quarter") QUARTER,
        @JsonProperty("year") YEAR
    }

    public enum Aggregation {
        @JsonProperty("count") COUNT,
        @JsonProperty("count_distinct") COUNT_DISTINCT,
        @JsonProperty("sum") SUM,
        @JsonProperty("avg") AVG,
        @JsonProperty("min") MIN,
        @JsonProperty("max") MAX
    }

    public enum Axis {
        @JsonProperty("rows") ROWS,
        @JsonProperty("columns") COLUMNS
    }

    public enum SortBy {
        @JsonProperty("label") LABEL,
        @JsonProperty("measure") MEASURE
    }

    public enum Direction {
        @JsonProperty("asc") ASC,
        @JsonProperty("desc") DESC
    }

    public enum FilterOperator {
        @JsonProperty("in") IN,
        @JsonProperty("not_in") NOT_IN,
        @JsonProperty("is_empty") IS_EMPTY,
        @JsonProperty("is_not_empty") IS_NOT_EMPTY
    }
}
