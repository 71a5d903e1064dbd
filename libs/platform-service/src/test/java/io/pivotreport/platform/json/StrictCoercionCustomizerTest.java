package io.pivotreport.platform.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StrictCoercionCustomizerTest {

    enum Visibility { PRIVATE, SHARED }

    record Inner(Integer count, Boolean flag) {
    }

    record Body(String name, Integer version, Long total, Double ratio, Boolean shared, Visibility visibility,
                UUID id, Inner inner) {
    }

    private ObjectMapper mapper;

    @BeforeEach
    void customize() {
        // Quarkus builds its mapper with FAIL_ON_UNKNOWN_PROPERTIES off by default; the customizer must turn it on
        mapper = new ObjectMapper().disable(com.fasterxml.jackson.databind.DeserializationFeature
                .FAIL_ON_UNKNOWN_PROPERTIES);
        new StrictCoercionCustomizer().customize(mapper);
    }

    @ParameterizedTest
    @ValueSource(strings = {"version", "total", "ratio", "shared", "visibility", "id", "inner"})
    void emptyStringForANonStringFieldIsRefusedAtItsPath(String field) {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> mapper.readValue("{\"" + field + "\":\"\"}", Body.class));
        assertEquals(field, e.getPath().get(0).getFieldName());
    }

    @Test
    void blankStringInANestedCountIsRefusedAtItsPath() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
                () -> mapper.readValue("{\"inner\":{\"count\":\"  \"}}", Body.class));
        assertEquals("inner", e.getPath().get(0).getFieldName());
        assertEquals("count", e.getPath().get(1).getFieldName());
    }

    @Test
    void unknownPropertiesStayErrors() {
        assertThrows(UnrecognizedPropertyException.class, () -> mapper.readValue("{\"nope\":1}", Body.class));
    }

    @Test
    void nullAbsentAndEmptyStringsKeepTheirMeaning() throws Exception {
        Body body = mapper.readValue("{\"name\":\"\",\"version\":null,\"inner\":{\"flag\":true}}", Body.class);
        assertEquals("", body.name());
        assertNull(body.version());
        assertNull(body.shared());
        assertNull(body.inner().count());
        assertEquals(Boolean.TRUE, body.inner().flag());
    }
}
