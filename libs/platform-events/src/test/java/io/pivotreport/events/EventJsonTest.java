package io.pivotreport.events;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {

    private static final String EVENT_ID = "\"eventId\":\"" + UUID.randomUUID() + "\"";

    private static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(ref -> path.append('/').append(ref.getFieldName() != null ? ref.getFieldName()
                : Integer.toString(ref.getIndex())));
        return path.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\" \"", "\"\\t\""})
    void emptyOrBlankStringForACountIsRefusedAtItsField(String value) {
        String json = "{" + EVENT_ID + ",\"counts\":{\"issues\":" + value + "}}";
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> EventJson.mapper().readValue(json, SessionEventInput.class));
        assertEquals("/counts/issues", path(e));
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "browserFamily", "occurredAt", "eventId", "counts", "source"})
    void emptyStringForAnEnumDateUuidOrObjectIsRefused(String field) {
        String json = "{\"" + field + "\":\"\"}";
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> EventJson.mapper().readValue(json, SessionEventInput.class));
        assertEquals("/" + field, path(e));
    }

    @Test
    void emptyStringForAListOfIdsIsRefused() {
        String json = "{\"source\":{\"type\":\"board\",\"ids\":\"\"}}";
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> EventJson.mapper().readValue(json, SessionEventInput.class));
        assertEquals("/source/ids", path(e));
    }

    @Test
    void numbersAsStringsStayRefused() {
        assertThrows(MismatchedInputException.class, () -> EventJson.mapper()
                .readValue("{\"counts\":{\"issues\":\"12\"}}", SessionEventInput.class));
    }

    @Test
    void optionalFieldsMayStillBeNullOrAbsentAndStringsMayBeEmpty() throws Exception {
        SessionEventInput input = EventJson.mapper().readValue("{" + EVENT_ID
                + ",\"counts\":{\"issues\":null,\"rows\":3},\"timings\":null,\"appVersion\":\"\"}",
                SessionEventInput.class);
        assertNull(input.counts().issues());
        assertEquals(3, input.counts().rows());
        assertNull(input.counts().columns());
        assertNull(input.timings());
        assertNull(input.type());
        assertEquals("", input.appVersion(), "strings are left to the validator, which judges their content");
    }

    @Test
    void validValuesStillRead() throws Exception {
        SessionEventInput input = EventJson.mapper().readValue("{" + EVENT_ID
                + ",\"type\":\"report_generated\",\"occurredAt\":\"2026-11-28T12:00:00Z\",\"browserFamily\":\"firefox\","
                + "\"source\":{\"type\":\"board\",\"ids\":[\"42\"]},\"counts\":{\"issues\":0}}",
                SessionEventInput.class);
        assertEquals(SessionEvent.EventType.REPORT_GENERATED, input.type());
        assertEquals(List.of("42"), input.source().ids());
        assertEquals(0, input.counts().issues());
        assertTrue(input.occurredAt().toString().startsWith("2026-11-28"));
    }
}
