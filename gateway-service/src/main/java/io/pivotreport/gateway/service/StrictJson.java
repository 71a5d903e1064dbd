package io.pivotreport.gateway.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pivotreport.events.EventJson;

/**
 * The reader for bodies the gateway itself validates (lifecycle callbacks, report bodies): unknown fields, duplicate
 * members, trailing content, scalar coercion and empty strings for non-string fields are all errors, turned into problem+json with field paths by
 * platform-service's mappers.
 */
public final class StrictJson {

    private static final ObjectMapper MAPPER = EventJson.strictCoercion(JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build());

    private StrictJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
