package io.pivotreport.license.model;

import java.util.Locale;

/** Which Atlassian app platform a tenant was installed through. */
public enum Platform {
    CONNECT, FORGE;

    /** The lower-case name used in the database, the API and the history. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Platform fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
