package io.pivotreport.license.model;

import java.util.Locale;

/**
 * A lifecycle event as Atlassian sends it. Each belongs to one of two registers that are ordered independently:
 * installation ({@code installed}/{@code uninstalled}) and enablement ({@code enabled}/{@code disabled}).
 */
public enum LifecycleEvent {
    INSTALLED(Register.INSTALLATION, 0),
    UNINSTALLED(Register.INSTALLATION, 1),
    ENABLED(Register.ENABLEMENT, 0),
    DISABLED(Register.ENABLEMENT, 1);

    public enum Register {
        INSTALLATION, ENABLEMENT
    }

    private final Register register;
    private final int tieBreakRank;

    LifecycleEvent(Register register, int tieBreakRank) {
        this.register = register;
        this.tieBreakRank = tieBreakRank;
    }

    public Register register() {
        return register;
    }

    /** At equal {@code iat} the event with the higher rank wins: uninstalled over installed, disabled over enabled. */
    public int tieBreakRank() {
        return tieBreakRank;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LifecycleEvent fromWire(String value) {
        return value == null ? null : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
