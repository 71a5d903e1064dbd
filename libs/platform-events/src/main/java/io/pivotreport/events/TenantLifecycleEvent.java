package io.pivotreport.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A tenant's lifecycle change, published by license-service (the only owner of tenant state).
 *
 * <p>{@link Type#ERASURE_DUE} is sent once the uninstall grace period has passed and the tenant was not re-installed:
 * every service erases the tenant's data when it receives it and answers with a {@link TenantErasureReceipt}. Keeping
 * the grace clock in one place means services never disagree on when a tenant's data goes.
 *
 * @param eventId    unique id; consumers record it and skip duplicates
 * @param tenantId   the platform's tenant id (license-service's UUID for the installation)
 * @param type       what happened
 * @param occurredAt when license-service applied the change
 * @param eraseAfter for {@link Type#UNINSTALLED}: when the data will be erased unless re-installed; otherwise null
 */
public record TenantLifecycleEvent(UUID eventId, String tenantId, Type type, Instant occurredAt, Instant eraseAfter) {

    public enum Type {
        INSTALLED, ENABLED, DISABLED, UNINSTALLED, ERASURE_DUE
    }

    public TenantLifecycleEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
