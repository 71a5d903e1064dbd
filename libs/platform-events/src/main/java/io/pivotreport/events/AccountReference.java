package io.pivotreport.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A service's statement that it starts or stops holding personal data of one Atlassian account in one tenant. The
 * account is only an accountId: the platform stores no profile data, so there is nothing to refresh on {@code updated}.
 *
 * <p>license-service keeps the set of held references and reports them to Atlassian's Personal Data Reporting API; a
 * {@link Change#RELEASED} reference is no longer reported once no service holds the account in that tenant.
 *
 * @param eventId    unique id; the consumer skips duplicates
 * @param tenantId   the tenant the data belongs to (its secret signs the report)
 * @param accountId  the Atlassian accountId (1–128 characters of {@code [A-Za-z0-9:-]})
 * @param service    the service that holds (or released) the data, e.g. {@code report-service}
 * @param change     whether the service now holds data of the account or no longer does
 * @param occurredAt when the data was stored, changed or deleted: the {@code updatedAt} Atlassian is told
 */
public record AccountReference(UUID eventId, String tenantId, String accountId, String service, Change change,
                               Instant occurredAt) {

    public enum Change {
        HELD, RELEASED
    }

    public AccountReference {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (!AccountIds.isValid(accountId)) {
            throw new IllegalArgumentException("accountId is not an Atlassian accountId");
        }
    }
}
