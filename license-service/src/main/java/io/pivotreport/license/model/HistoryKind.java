package io.pivotreport.license.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What an account-history entry records. */
public enum HistoryKind {
    /** First install, re-install after uninstall, or a refresh of the details (upgrade, secret rotation, rename). */
    INSTALLED,
    ENABLED,
    DISABLED,
    UNINSTALLED,
    /** A lifecycle event that arrived after a newer one and was ignored. */
    LIFECYCLE_IGNORED,
    /** Same base URL, new client key: a site import or a restore from another site's backup. */
    SITE_IMPORT,
    LICENSE_CHECK,
    SECRET_REENCRYPTED,
    /** The grace period ended; ERASURE_DUE was published and the tenant reduced to a tombstone. */
    ERASURE_DUE,
    /** Another service's receipt that it erased the tenant's data. */
    ERASURE_RECEIPT,
    /** One Personal Data Reporting call for this tenant: how many accounts, how many closed/updated (never ids). */
    PERSONAL_DATA_REPORT,
    /** Accounts Atlassian reported closed whose references in this tenant were erased (a count, never the ids). */
    ACCOUNTS_CLOSED;

    /** Entries kept when a tenant is erased: they are the record that the erasure happened, and hold no site data. */
    public static final Set<HistoryKind> ERASURE_RECORDS = EnumSet.of(ERASURE_DUE, ERASURE_RECEIPT);

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
