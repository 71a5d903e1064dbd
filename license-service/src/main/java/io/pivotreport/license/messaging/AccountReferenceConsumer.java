package io.pivotreport.license.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.events.AccountIds;
import io.pivotreport.events.AccountReference;
import io.pivotreport.events.EventJson;
import io.pivotreport.events.Topics;
import io.pivotreport.license.service.AccountRegistry;
import io.pivotreport.platform.data.ConsumerRetry;
import io.pivotreport.platform.data.PoisonRecordException;
import io.pivotreport.platform.data.ProcessedEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Keeps the registry of accounts to report to Atlassian from the other services' {@link AccountReference} events.
 * Idempotent through the processed-event ledger; the offset is committed only after the database transaction. Invalid
 * accountIds, malformed records and unknown tenants are skipped and counted, never stored, never logged. A database
 * outage is waited out by {@link ConsumerRetry} (one transaction per attempt, record unacknowledged, readiness DOWN).
 */
@ApplicationScoped
public class AccountReferenceConsumer {

    private static final Logger LOG = Logger.getLogger(AccountReferenceConsumer.class);
    static final String CONSUMER = "license-service.account-references";
    public static final String METRIC = "pivot_license_account_references_total";
    private static final Pattern SERVICE = Pattern.compile("[a-z][a-z0-9_.-]{0,62}");

    @Inject
    ProcessedEvents processed;

    @Inject
    AccountRegistry registry;

    @Inject
    MeterRegistry meters;

    @Inject
    ConsumerRetry retry;

    @Incoming(Topics.ACCOUNT_REFERENCES)
    @Blocking
    public void onReference(String payload) {
        AccountReference reference;
        try {
            JsonNode tree = EventJson.mapper().readTree(payload);
            JsonNode accountId = tree == null ? null : tree.get("accountId");
            if (accountId != null && accountId.isTextual() && !AccountIds.isValid(accountId.asText())) {
                count("invalid_account");
                LOG.warn("Skipped an account reference whose accountId is not an Atlassian accountId");
                return;
            }
            reference = EventJson.mapper().treeToValue(tree, AccountReference.class);
        } catch (Exception e) {
            // a malformed record cannot become valid by retrying; skip it (never log its content)
            count("rejected");
            LOG.warnf("Skipped a record that is not a valid AccountReference (%s)", e.getClass().getSimpleName());
            return;
        }
        if (!SERVICE.matcher(reference.service()).matches()) {
            count("rejected");
            LOG.warnf("Skipped account reference %s: the service name is not a plain identifier", reference.eventId());
            return;
        }
        String outcome;
        try {
            outcome = retry.untilCommitted(Topics.ACCOUNT_REFERENCES, () -> apply(reference));
        } catch (PoisonRecordException e) {
            outcome = "rejected";
            LOG.warnf("Skipped account reference %s: %s", reference.eventId(), e.getMessage());
        }
        count(outcome);
        if (outcome.equals("unknown_tenant")) {
            LOG.warnf("Skipped account reference %s: the tenant is not known here (or erased)", reference.eventId());
        }
    }

    /** One attempt, inside its transaction; returns the outcome to count once it committed. */
    private String apply(AccountReference reference) {
        UUID tenantId = parse(reference.tenantId());
        if (tenantId == null || !registry.tenantAcceptsReferences(tenantId)) {
            return "unknown_tenant";
        }
        if (!processed.firstTime(CONSUMER, reference.eventId())) {
            return "duplicate";
        }
        if (reference.change() == AccountReference.Change.HELD) {
            registry.held(tenantId, reference.accountId(), reference.service(), reference.occurredAt());
            return "held";
        }
        registry.released(tenantId, reference.accountId(), reference.service(), reference.occurredAt());
        return "released";
    }

    private void count(String outcome) {
        meters.counter(METRIC, "outcome", outcome).increment();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
