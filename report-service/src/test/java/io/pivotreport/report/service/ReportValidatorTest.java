package io.pivotreport.report.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pivotreport.events.Violation;
import io.pivotreport.platform.problem.ProblemException;
import io.pivotreport.report.config.StrictJson;
import io.pivotreport.report.model.ReportConfiguration;
import io.pivotreport.report.model.ReportConfiguration.Aggregation;
import io.pivotreport.report.model.ReportConfiguration.Dimension;
import io.pivotreport.report.model.ReportConfiguration.FilterOperator;
import io.pivotreport.report.model.ReportConfiguration.FilterRule;
import io.pivotreport.report.model.ReportConfiguration.Measure;
import io.pivotreport.report.model.ReportSource;
import io.pivotreport.report.model.SourceType;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validation rules one by one, without a running service. */
class ReportValidatorTest {

    private final ReportValidator validator = new ReportValidator(strictMapper());

    @Test
    void jiraFieldIdsAreAcceptedAndAnythingElseIsNot() {
        for (String field : List.of("summary", "status", "issuetype", "fixVersions", "customfield_10010",
                "timeoriginalestimate", "customfield_1")) {
            assertEquals(List.of(), validator.validate(withRow(field)), field);
        }
        for (String field : List.of("", "Status", "status name", "customfield_", "customfield_abc", "cf[10010]",
                "summary;drop", "a".repeat(65), "10010", "status\n")) {
            assertEquals(List.of(new Violation("/configuration/rows/0/field",
                    "must be a Jira field id such as status or customfield_10010")),
                    validator.validate(withRow(field)), field);
        }
    }

    @Test
    void filterValuesAreIdsKeysOrTokens() {
        for (String value : List.of("0", "10001", "9223372036854775807", "PIV", "PIV-1", "A_B-123", "current_user",
                "last_30_days", "unreleased_versions")) {
            assertEquals(List.of(), validator.validate(withFilterValue(value)), value);
        }
        for (String value : List.of("", "piv", "PIV-", "-1", "12345678901234567890", "Current_User", "The bug",
                "John Smith", "in progress", "PIV-1 OR 1=1")) {
            List<Violation> violations = validator.validate(withFilterValue(value));
            assertEquals(1, violations.size(), value);
            assertEquals("/configuration/filters/0/values/0", violations.get(0).field(), value);
        }
    }

    @Test
    void emailLikeTextIsRecognisedWhereverItHides() {
        for (String text : List.of("jane@example.com", "mail jane.doe+tag@example.co.uk now", "x@y",
                "assignee = \"j.smith@corp\"", "jane\uFF20example.com", "o'brien@example.ie")) {
            assertTrue(PrivateData.looksLikeEmail(text), text);
        }
        for (String text : List.of("Sprint @ 5", "@mention", "trailing@", "no at sign", "")) {
            assertFalse(PrivateData.looksLikeEmail(text), text);
        }
    }

    @Test
    void textSearchIsFoundOnlyOutsideQuotes() {
        assertTrue(ReportValidator.usesTextSearch("summary ~ merger"));
        assertTrue(ReportValidator.usesTextSearch("text!~\"x\""));
        assertTrue(ReportValidator.usesTextSearch("status = \"a\\\"\" AND description ~ x"));
        assertFalse(ReportValidator.usesTextSearch("status = \"A~B\""));
        assertFalse(ReportValidator.usesTextSearch("status = 'A~B' ORDER BY created"));
        assertFalse(ReportValidator.usesTextSearch("project = PIV"));
    }

    @Test
    void theSourceRulesDependOnItsType() {
        assertEquals(List.of(), validator.validate(draft(new ReportSource(SourceType.PROJECT, "10000", null))));
        assertEquals(List.of(), validator.validate(draft(new ReportSource(SourceType.PROJECT, "PIV", null))));
        assertEquals(List.of(), validator.validate(draft(new ReportSource(SourceType.BOARD, "7", null))));
        assertEquals(List.of(), validator.validate(draft(new ReportSource(SourceType.JQL, null,
                "project = PIV\nAND status = Done"))));
        assertEquals(List.of(new Violation("/source/id", "must be a numeric board id")),
                validator.validate(draft(new ReportSource(SourceType.BOARD, "PIV", null))));
        assertEquals(List.of(new Violation("/source/query", "must not contain control characters")),
                validator.validate(draft(new ReportSource(SourceType.JQL, null, "project = PIV\u0007"))));
        assertEquals(List.of(new Violation("/source/query", "must not be blank")),
                validator.validate(draft(new ReportSource(SourceType.JQL, null, "  "))));
    }

    @Test
    void namesAreTrimmedAndFreeOfControlAndBidiCharacters() {
        assertEquals("Bugs", ReportValidator.normalizeName("\u2003 Bugs \t"));
        assertEquals(List.of(), validator.validate(named("Bugs 🐞 by status")));
        assertEquals(List.of(new Violation("/name", "must not contain control characters")),
                validator.validate(named("evil\u202Etxt.exe")));
        assertEquals(List.of(), validator.validate(named("😀".repeat(255))), "255 characters, not 255 chars");
    }

    @Test
    void aCountNeedsNoFieldButOtherAggregationsDo() {
        ReportConfiguration count = new ReportConfiguration(1, null, null,
                List.of(new Measure(null, Aggregation.COUNT)), null, null);
        assertEquals(List.of(), validator.validate(new ReportDraft("n", filter(), count, null)));
        ReportConfiguration avg = new ReportConfiguration(1, null, null,
                List.of(new Measure(null, Aggregation.AVG)), null, null);
        assertEquals(List.of(new Violation("/configuration/measures/0/field",
                "is required unless the aggregation is count")),
                validator.validate(new ReportDraft("n", filter(), avg, null)));
    }

    @Test
    void theListOfViolationsIsBoundedForHugeBodies() {
        List<FilterRule> filters = Collections.nCopies(20,
                new FilterRule("status", FilterOperator.IN, Collections.nCopies(100, "bad value")));
        ReportConfiguration config = new ReportConfiguration(1, null, null, null, null, filters);
        assertEquals(ReportValidator.MAX_REPORTED_VIOLATIONS,
                validator.validate(new ReportDraft("n", filter(), config, null)).size());
    }

    @Test
    void theVersionComesFromIfMatchOrTheBody() {
        assertEquals(3L, ReportService.expectedVersion(null, "\"3\""));
        assertEquals(3L, ReportService.expectedVersion(null, "3"));
        assertEquals(4L, ReportService.expectedVersion(4L, null));
        assertEquals(5L, ReportService.expectedVersion(5L, " \"5\" "));
        assertEquals(6L, ReportService.expectedVersion(6L, "*"));
        assertNull(ReportService.parseIfMatch("*"));
        assertEquals(428, assertThrows(ProblemException.class,
                () -> ReportService.expectedVersion(null, null)).problem().status());
        for (String malformed : List.of("W/\"3\"", "\"3", "\"3\", \"4\"", "abc", "\"-1\"")) {
            assertEquals(400, assertThrows(ProblemException.class,
                    () -> ReportService.parseIfMatch(malformed)).problem().status(), malformed);
        }
        assertEquals(400, assertThrows(ProblemException.class,
                () -> ReportService.expectedVersion(2L, "\"3\"")).problem().status());
    }

    @Test
    void aReceiptIdIsDerivedFromItsCause() {
        UUID cause = UUID.randomUUID();
        assertEquals(TenantErasure.receiptId(cause), TenantErasure.receiptId(cause));
        assertNotEquals(TenantErasure.receiptId(cause), TenantErasure.receiptId(UUID.randomUUID()));
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    private static ReportSource filter() {
        return new ReportSource(SourceType.FILTER, "10010", null);
    }

    private static ReportDraft draft(ReportSource source) {
        return new ReportDraft("Report", source, new ReportConfiguration(1, null, null, null, null, null), null);
    }

    private static ReportDraft named(String name) {
        return new ReportDraft(name, filter(), new ReportConfiguration(1, null, null, null, null, null), null);
    }

    private static ReportDraft withRow(String field) {
        return new ReportDraft("Report", filter(),
                new ReportConfiguration(1, List.of(new Dimension(field, null)), null, null, null, null), null);
    }

    private static ReportDraft withFilterValue(String value) {
        return new ReportDraft("Report", filter(), new ReportConfiguration(1, null, null, null, null,
                List.of(new FilterRule("status", FilterOperator.IN, List.of(value)))), null);
    }
}
