package io.pivotreport.report.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** Where a report reads its issues from; each type names its source differently (see {@link ReportSource}). */
public enum SourceType {
    JQL("jql"), FILTER("filter"), BOARD("board"), PROJECT("project");

    private final String wire;

    SourceType(String wire) {
        this.wire = wire;
    }

    /** The value on the wire and in the database. */
    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<SourceType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }
}
