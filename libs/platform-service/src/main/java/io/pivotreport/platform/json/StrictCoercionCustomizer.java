package io.pivotreport.platform.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pivotreport.events.EventJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Every service's REST layer reads JSON with the platform's rules: an empty or blank string is a 400 for a number,
 * boolean, enum, date, UUID or object field (Jackson would read it as null, i.e. "not sent"), and unknown properties
 * stay errors. The rules are {@link EventJson#strictCoercion}, so bodies and events are read alike; platform-service's
 * problem mappers turn the failure into a validation problem with the field's JSON-pointer path.
 */
@Singleton
public class StrictCoercionCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        EventJson.strictCoercion(mapper);
    }

    @Override
    public int priority() {
        // after Quarkus' own customizer (which applies quarkus.jackson.* settings), so ours has the last word
        return MINIMUM_PRIORITY + 10;
    }
}
