package io.pivotreport.report.service;

import io.pivotreport.events.AccountClosure;
import io.pivotreport.events.Topics;
import io.pivotreport.platform.data.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Erases a closed Atlassian account from every tenant (the accountId is one person across all sites): its private
 * reports are deleted, its shared reports stay for the other users of their site but lose the owner, and every other
 * place that names the account (the reference bookkeeping, account-reference events in the outbox) is cleared.
 *
 * <p>No RELEASED reference is published: license-service deletes its registry rows of the account itself when it
 * publishes the closure, and a RELEASED event would put the accountId back into our outbox for a day.
 */
@ApplicationScoped
public class AccountErasure {

    /** This consumer's name in the processed-event ledger. */
    public static final String CONSUMER = "report-service.account-closures";

    private static final Logger LOG = Logger.getLogger(AccountErasure.class);

    @Inject
    EntityManager em;

    @Inject
    ProcessedEvents processedEvents;

    @Inject
    Event<ReportMetrics.AccountErased> erased;

    @Inject
    Clock clock;

    /** One transaction: the ledger entry and every deletion commit together, or the event is redelivered. */
    @Transactional
    public ReportMetrics.ClosureOutcome apply(AccountClosure closure) {
        if (!processedEvents.firstTime(CONSUMER, closure.eventId())) {
            return ReportMetrics.ClosureOutcome.DUPLICATE;
        }
        String account = closure.accountId();
        int deleted = em.createNativeQuery(
                        "DELETE FROM saved_report WHERE owner_account_id = ?1 AND visibility = 'private'")
                .setParameter(1, account)
                .executeUpdate();
        int disowned = em.createNativeQuery("UPDATE saved_report SET owner_account_id = NULL, owner_erased_at = ?2 "
                        + "WHERE owner_account_id = ?1")
                .setParameter(1, account)
                .setParameter(2, AccountReferences.utc(clock.instant().truncatedTo(ChronoUnit.MICROS)))
                .executeUpdate();
        int references = em.createNativeQuery("DELETE FROM account_reference WHERE account_id = ?1")
                .setParameter(1, account)
                .executeUpdate();
        // Sent or not: a queued HELD for a closed account is moot (license-service forgets the account on `closed`).
        int events = em.createNativeQuery("DELETE FROM outbox_event WHERE topic = ?1 "
                        + "AND (payload::jsonb ->> 'accountId') = ?2")
                .setParameter(1, Topics.ACCOUNT_REFERENCES)
                .setParameter(2, account)
                .executeUpdate();
        erased.fire(new ReportMetrics.AccountErased(deleted, disowned, references, events));
        // Counts only: the accountId itself is personal data and stays out of the log.
        LOG.infof("Erased a closed account: %d private report(s) deleted, %d shared report(s) disowned, "
                + "%d reference(s) and %d queued event(s) removed", deleted, disowned, references, events);
        return ReportMetrics.ClosureOutcome.ERASED;
    }
}
