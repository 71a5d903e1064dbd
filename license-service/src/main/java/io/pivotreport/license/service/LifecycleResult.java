package io.pivotreport.license.service;

import io.pivotreport.license.model.TenantState;

import java.util.UUID;

/** @param applied false when the event was stale (older than the newest recorded one) and changed nothing */
public record LifecycleResult(UUID tenantId, TenantState state, boolean applied) {
}
