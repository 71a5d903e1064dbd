package io.pivotreport.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.List;

/**
 * The one JSON mapping for events on the wire. Strict on purpose: an unknown field is an error, not something to drop
 * silently, because an unexpected field is exactly where private data would slip in.
 */
public final class EventJson {

    /**
     * Targets for which an empty or blank string is refused instead of read as null. Jackson's default turns
     * {@code ""} into null for numbers, booleans, dates, UUIDs and enums, which would let {@code {"issues": ""}} pass
     * as "not sent". Strings keep accepting {@code ""}; a JSON {@code null} (or an absent field) still means "not sent".
     */
    private static final List<LogicalType> SCALARS = List.of(LogicalType.Integer, LogicalType.Float,
            LogicalType.Boolean, LogicalType.Enum, LogicalType.DateTime, LogicalType.OtherScalar,
            LogicalType.POJO, LogicalType.Collection, LogicalType.Array, LogicalType.Map);

    private static final ObjectMapper MAPPER = strictCoercion(JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build());

    private EventJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Applies the platform's empty-string rules to {@code mapper} (and returns it): an empty or blank string is a
     * deserialization error for every non-string target (numbers, booleans, enums, dates, UUIDs, objects, lists).
     * Coercion of non-empty strings to numbers is left as the mapper has it ({@link #mapper()} refuses it). Shared with
     * platform-service's REST-layer {@code ObjectMapperCustomizer} so every service reads JSON alike.
     */
    public static ObjectMapper strictCoercion(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT);
        mapper.coercionConfigDefaults()
                .setAcceptBlankAsEmpty(Boolean.FALSE)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        for (LogicalType type : SCALARS) {
            mapper.coercionConfigFor(type)
                    .setAcceptBlankAsEmpty(Boolean.FALSE)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }
}
