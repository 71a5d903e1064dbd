package io.pivotreport.license.model;

import java.util.Locale;

/**
 * A tenant's effective state. {@link #ERASED} is terminal: only a tombstone (id, state, erasure time) is left, and a
 * later install of the same site becomes a new tenant.
 */
public enum TenantState {
    INSTALLED, ENABLED, DISABLED, UNINSTALLED, ERASED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TenantState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
