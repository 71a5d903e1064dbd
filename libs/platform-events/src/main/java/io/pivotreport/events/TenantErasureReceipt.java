package io.pivotreport.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A service's statement that it erased a tenant's data, with counts per table, so license-service can keep an erasure
 * record in the tenant's account history (GDPR accountability) without reading other services' databases.
 *
 * @param eventId       unique id; the consumer skips duplicates
 * @param tenantId      the erased tenant
 * @param service       the service that erased, e.g. {@code report-service}
 * @param rowsErased    rows deleted per table
 * @param erasedAt      when the erasure committed
 * @param causeEventId  the {@link TenantLifecycleEvent#eventId()} that triggered it
 */
public record TenantErasureReceipt(UUID eventId, String tenantId, String service, Map<String, Long> rowsErased,
                                   Instant erasedAt, UUID causeEventId) {

    public TenantErasureReceipt {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(service, "service");
        rowsErased = Map.copyOf(Objects.requireNonNull(rowsErased, "rowsErased"));
        Objects.requireNonNull(erasedAt, "erasedAt");
    }
}
