package io.pivotreport.license.model;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the model's enums by their lower-case wire names, the same spelling the API and the SQL checks use. */
public final class EnumConverters {

    private EnumConverters() {
    }

    @Converter
    public static class PlatformConverter implements AttributeConverter<Platform, String> {
        @Override
        public String convertToDatabaseColumn(Platform value) {
            return value == null ? null : value.wire();
        }

        @Override
        public Platform convertToEntityAttribute(String value) {
            return value == null ? null : Platform.fromWire(value);
        }
    }

    @Converter
    public static class StateConverter implements AttributeConverter<TenantState, String> {
        @Override
        public String convertToDatabaseColumn(TenantState value) {
            return value == null ? null : value.wire();
        }

        @Override
        public TenantState convertToEntityAttribute(String value) {
            return value == null ? null : TenantState.fromWire(value);
        }
    }

    @Converter
    public static class EventConverter implements AttributeConverter<LifecycleEvent, String> {
        @Override
        public String convertToDatabaseColumn(LifecycleEvent value) {
            return value == null ? null : value.wire();
        }

        @Override
        public LifecycleEvent convertToEntityAttribute(String value) {
            return LifecycleEvent.fromWire(value);
        }
    }
}
