package io.pivotreport.license.rest;

import java.util.UUID;

/** @param applied false when the event was older than the newest one recorded and changed nothing */
public record LifecycleResponse(UUID tenantId, String state, boolean applied) {
}
