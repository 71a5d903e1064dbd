package io.pivotreport.report.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pivotreport.events.Violation;
import io.pivotreport.report.model.ReportConfiguration;
import io.pivotreport.report.model.ReportConfiguration.Aggregation;
import io.pivotreport.report.model.ReportConfiguration.Dimension;
import io.pivotreport.report.model.ReportConfiguration.FilterOperator;
import io.pivotreport.report.model.ReportConfiguration.FilterRule;
import io.pivotreport.report.model.ReportConfiguration.Measure;
import io.pivotreport.report.model.ReportConfiguration.SortBy;
import io.pivotreport.report.model.ReportConfiguration.SortRule;
import io.pivotreport.report.model.ReportSource;
import io.pivotreport.report.model.SourceType;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a saved report must meet before it is stored. Every failure names its field as a JSON pointer and carries
 * a fixed message that never repeats the rejected value, so a refused e-mail address does not travel on into the
 * problem body or a log line. The JSON parser has already refused unknown members and wrong types.
 */
@ApplicationScoped
public class ReportValidator {

    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_JQL_LENGTH = 2000;
    public static final int MAX_DIMENSIONS_PER_AXIS = 8;
    public static final int MAX_MEASURES = 10;
    public static final int MAX_SORT_RULES = 2;
    public static final int MAX_FILTERS = 20;
    public static final int MAX_FILTER_VALUES = 100;
    /** The compact JSON of a configuration, in bytes (16 KiB). */
    public static final int MAX_CONFIGURATION_BYTES = 16 * 1024;
    /** A body can hold thousands of bad values; the first hundred are enough to fix it. */
    static final int MAX_REPORTED_VIOLATIONS = 100;

    /** System field ids ({@code summary}, {@code fixVersions}) and custom fields ({@code customfield_10010}). */
    private static final Pattern FIELD_ID = Pattern.compile("^(?:customfield_[0-9]{1,18}|[a-z][A-Za-z0-9]{0,63})$");
    private static final Pattern NUMERIC_ID = Pattern.compile("^[0-9]{1,19}$");
    private static final Pattern PROJECT_KEY = Pattern.compile("^[A-Z][A-Z0-9_]{0,19}$");
    /** A project key or an issue key ({@code PIV}, {@code PIV-123}). */
    private static final Pattern JIRA_KEY = Pattern.compile("^[A-Z][A-Z0-9_]{0,19}(?:-[0-9]{1,12})?$");
    /** C0/C1 controls and the bidirectional overrides that make text display differently from what it is. */
    private static final Pattern NAME_FORBIDDEN = Pattern.compile("[\\p{Cc}\u202A-\u202E\u2066-\u2069]");
    /** JQL may span lines; other controls have no place in a query. */
    private static final Pattern JQL_FORBIDDEN = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]|[\u202A-\u202E\u2066-\u2069]");
    private static final Set<String> FILTER_TOKENS = Set.copyOf(ReportConfiguration.FILTER_TOKENS);
    private static final Set<Aggregation> FIELDLESS = EnumSet.of(Aggregation.COUNT);

    private final ObjectMapper mapper;

    public ReportValidator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** All violations of {@code draft}; empty when it may be stored. */
    public List<Violation> validate(ReportDraft draft) {
        Violations v = new Violations();
        if (draft == null) {
            v.add("/", "a request body is required");
            return v.list();
        }
        checkName(v, draft.name());
        checkSource(v, draft.source());
        if (draft.configuration() == null) {
            v.add("/configuration", "is required");
        } else {
            checkConfiguration(v, draft.configuration());
        }
        return v.list();
    }

    /** The name as it is stored: without surrounding white space. */
    public static String normalizeName(String name) {
        return name == null ? null : name.strip();
    }

    private void checkName(Violations v, String raw) {
        String name = normalizeName(raw);
        if (name == null) {
            v.add("/name", "is required");
        } else if (name.isEmpty()) {
            v.add("/name", "must not be blank");
        } else if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            v.add("/name", "must be at most " + MAX_NAME_LENGTH + " characters");
        } else if (NAME_FORBIDDEN.matcher(name).find()) {
            v.add("/name", "must not contain control characters");
        } else if (PrivateData.looksLikeEmail(name)) {
            v.add("/name", PrivateData.EMAIL_MESSAGE);
        }
    }

    private void checkSource(Violations v, ReportSource source) {
        if (source == null) {
            v.add("/source", "is required");
            return;
        }
        if (source.type() == null) {
            v.add("/source/type", "is required (jql, filter, board or project)");
            return;
        }
        if (source.type() == SourceType.JQL) {
            if (source.id() != null) {
                v.add("/source/id", "must be absent for a jql source");
            }
            checkJql(v, source.query());
            return;
        }
        if (source.query() != null) {
            v.add("/source/query", "must be absent for a " + source.type().wire() + " source");
        }
        String id = source.id();
        if (id == null) {
            v.add("/source/id", "is required for a " + source.type().wire() + " source");
        } else if (PrivateData.looksLikeEmail(id)) {
            v.add("/source/id", PrivateData.EMAIL_MESSAGE);
        } else if (source.type() == SourceType.PROJECT) {
            if (!NUMERIC_ID.matcher(id).matches() && !PROJECT_KEY.matcher(id).matches()) {
                v.add("/source/id", "must be a numeric project id or a project key");
            }
        } else if (!NUMERIC_ID.matcher(id).matches()) {
            v.add("/source/id", "must be a numeric " + source.type().wire() + " id");
        }
    }

    private static void checkJql(Violations v, String query) {
        if (query == null) {
            v.add("/source/query", "is required for a jql source");
        } else if (query.isBlank()) {
            v.add("/source/query", "must not be blank");
        } else if (query.length() > MAX_JQL_LENGTH) {
            v.add("/source/query", "must be at most " + MAX_JQL_LENGTH + " characters");
        } else if (JQL_FORBIDDEN.matcher(query).find()) {
            v.add("/source/query", "must not contain control characters");
        } else if (PrivateData.looksLikeEmail(query)) {
            v.add("/source/query", PrivateData.EMAIL_MESSAGE);
        } else if (usesTextSearch(query)) {
            v.add("/source/query", "must not use the text-search operators ~ and !~ (they carry issue text)");
        }
    }

    /**
     * True when the query uses {@code ~} or {@code !~} outside a quoted string: {@code summary ~ "merger"} stores a
     * fragment of issue content, which a saved report must not (P4). A tilde inside quotes is a value, not an operator.
     */
    static boolean usesTextSearch(String query) {
        char quote = 0;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '~') {
                return true;
            }
        }
        return false;
    }

    private void checkConfiguration(Violations v, ReportConfiguration config) {
        String base = "/configuration";
        if (config.schemaVersion() == null) {
            v.add(base + "/schemaVersion", "is required");
        } else if (config.schemaVersion() != ReportConfiguration.CURRENT_SCHEMA_VERSION) {
            v.add(base + "/schemaVersion", "must be " + ReportConfiguration.CURRENT_SCHEMA_VERSION);
        }
        Set<String> dimensionFields = new HashSet<>();
        checkDimensions(v, config.rows(), base + "/rows", dimensionFields);
        checkDimensions(v, config.columns(), base + "/columns", dimensionFields);
        checkMeasures(v, config.measures(), base + "/measures");
        checkSorting(v, config, base + "/sorting");
        checkFilters(v, config.filters(), base + "/filters");
        checkSize(v, config, base);
    }

    private static void checkDimensions(Violations v, List<Dimension> dimensions, String path, Set<String> seen) {
        int limit = bounded(v, dimensions, MAX_DIMENSIONS_PER_AXIS, path);
        for (int i = 0; i < limit; i++) {
            Dimension dimension = dimensions.get(i);
            String at = path + "/" + i;
            if (dimension == null) {
                v.add(at, "is required");
            } else if (checkFieldId(v, dimension.field(), at + "/field") && !seen.add(dimension.field())) {
                v.add(at + "/field", "is already used as a row or column dimension");
            }
        }
    }

    private static void checkMeasures(Violations v, List<Measure> measures, String path) {
        int limit = bounded(v, measures, MAX_MEASURES, path);
        for (int i = 0; i < limit; i++) {
            Measure measure = measures.get(i);
            String at = path + "/" + i;
            if (measure == null) {
                v.add(at, "is required");
                continue;
            }
            if (measure.aggregation() == null) {
                v.add(at + "/aggregation", "is required");
            }
            if (measure.field() != null) {
                checkFieldId(v, measure.field(), at + "/field");
            } else if (measure.aggregation() != null && !FIELDLESS.contains(measure.aggregation())) {
                v.add(at + "/field", "is required unless the aggregation is count");
            }
        }
    }

    private static void checkSorting(Violations v, ReportConfiguration config, String path) {
        List<SortRule> rules = config.sorting();
        int limit = bounded(v, rules, MAX_SORT_RULES, path);
        Set<ReportConfiguration.Axis> sortedAxes = EnumSet.noneOf(ReportConfiguration.Axis.class);
        for (int i = 0; i < limit; i++) {
            SortRule rule = rules.get(i);
            String at = path + "/" + i;
            if (rule == null) {
                v.add(at, "is required");
                continue;
            }
            if (rule.axis() == null) {
                v.add(at + "/axis", "is required (rows or columns)");
            } else if (!sortedAxes.add(rule.axis())) {
                v.add(at + "/axis", "already has a sort rule");
            } else if ((rule.axis() == ReportConfiguration.Axis.ROWS ? config.rows() : config.columns()).isEmpty()) {
                v.add(at + "/axis", "has no dimensions to sort");
            }
            if (rule.direction() == null) {
                v.add(at + "/direction", "is required (asc or desc)");
            }
            if (rule.by() == null) {
                v.add(at + "/by", "is required (label or measure)");
            } else if (rule.by() == SortBy.MEASURE) {
                if (rule.measureIndex() == null) {
                    v.add(at + "/measureIndex", "is required when sorting by a measure");
                } else if (rule.measureIndex() < 0 || rule.measureIndex() >= config.measures().size()) {
                    v.add(at + "/measureIndex", "must be the index of one of the measures");
                }
            } else if (rule.measureIndex() != null) {
                v.add(at + "/measureIndex", "must be absent when sorting by label");
            }
        }
    }

    private static void checkFilters(Violations v, List<FilterRule> filters, String path) {
        int limit = bounded(v, filters, MAX_FILTERS, path);
        for (int i = 0; i < limit; i++) {
            FilterRule filter = filters.get(i);
            String at = path + "/" + i;
            if (filter == null) {
                v.add(at, "is required");
                continue;
            }
            checkFieldId(v, filter.field(), at + "/field");
            if (filter.operator() == null) {
                v.add(at + "/operator", "is required (in, not_in, is_empty or is_not_empty)");
                checkFilterValues(v, filter.values(), at + "/values");
            } else if (filter.operator() == FilterOperator.IN || filter.operator() == FilterOperator.NOT_IN) {
                if (filter.values() == null || filter.values().isEmpty()) {
                    v.add(at + "/values", "must hold at least one value");
                } else {
                    checkFilterValues(v, filter.values(), at + "/values");
                }
            } else if (filter.values() != null) {
                v.add(at + "/values", "must be absent for an emptiness test");
            }
        }
    }

    private static void checkFilterValues(Violations v, List<String> values, String path) {
        int limit = bounded(v, values, MAX_FILTER_VALUES, path);
        for (int i = 0; i < limit; i++) {
            String value = values.get(i);
            String at = path + "/" + i;
            if (value == null) {
                v.add(at, "is required");
            } else if (PrivateData.looksLikeEmail(value)) {
                v.add(at, PrivateData.EMAIL_MESSAGE);
            } else if (!NUMERIC_ID.matcher(value).matches() && !JIRA_KEY.matcher(value).matches()
                    && !FILTER_TOKENS.contains(value)) {
                v.add(at, "must be a numeric id, a Jira key or one of the documented filter tokens");
            }
        }
    }

    /** Checks a Jira field reference; true when it is well formed. */
    private static boolean checkFieldId(Violations v, String field, String path) {
        if (field == null) {
            v.add(path, "is required");
            return false;
        }
        if (PrivateData.looksLikeEmail(field)) {
            v.add(path, PrivateData.EMAIL_MESSAGE);
            return false;
        }
        if (!FIELD_ID.matcher(field).matches()) {
            v.add(path, "must be a Jira field id such as status or customfield_10010");
            return false;
        }
        return true;
    }

    private void checkSize(Violations v, ReportConfiguration config, String path) {
        int bytes = serialize(config).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CONFIGURATION_BYTES) {
            v.add(path, "must be at most " + MAX_CONFIGURATION_BYTES + " bytes as compact JSON");
        }
    }

    /** The compact JSON that is stored and measured. */
    public String serialize(ReportConfiguration config) {
        try {
            return mapper.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A configuration record cannot be serialised", e);
        }
    }

    /** Reports an over-long list once and returns how many of its entries to check. */
    private static int bounded(Violations v, List<?> list, int max, String path) {
        if (list == null) {
            return 0;
        }
        if (list.size() > max) {
            v.add(path, "must hold at most " + max + " entries");
            return max;
        }
        return list.size();
    }

    private static final class Violations {
        private final List<Violation> list = new ArrayList<>();

        void add(String field, String message) {
            if (list.size() < MAX_REPORTED_VIOLATIONS) {
                list.add(new Violation(field, message));
            }
        }

        List<Violation> list() {
            return List.copyOf(list);
        }
    }
}
