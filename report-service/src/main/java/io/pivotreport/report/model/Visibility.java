package io.pivotreport.report.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** Who may read a saved report. Only its owner may ever change or delete it. */
public enum Visibility {
    /** Only the owner sees it; to everyone else it does not exist (404). */
    PRIVATE("private"),
    /** Every user of the owner's tenant may read it. */
    SHARED("shared");

    private final String wire;

    Visibility(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<Visibility> fromWire(String value) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(value)).findFirst();
    }
}
