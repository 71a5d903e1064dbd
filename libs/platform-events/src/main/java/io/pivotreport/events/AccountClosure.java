package io.pivotreport.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Atlassian answered {@code closed} for an account: every service erases the personal data it holds of it, in every
 * tenant (an accountId is one person across all sites).
 *
 * @param eventId    unique id; consumers record it and skip duplicates
 * @param accountId  the closed account
 * @param reportedAt when Atlassian's answer was received
 */
public record AccountClosure(UUID eventId, String accountId, Instant reportedAt) {

    public AccountClosure {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(reportedAt, "reportedAt");
        if (!AccountIds.isValid(accountId)) {
            throw new IllegalArgumentException("accountId is not an Atlassian accountId");
        }
    }
}
