package io.pivotreport.report.service;

/** Fired inside a write transaction; observed after the commit so counters only count what was stored. */
public record ReportSaved(Operation operation) {

    public enum Operation {
        CREATE, UPDATE, DELETE
    }
}
