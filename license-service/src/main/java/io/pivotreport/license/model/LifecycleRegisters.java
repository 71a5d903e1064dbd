package io.pivotreport.license.model;

/**
 * The newest lifecycle events seen for a tenant, and the ordering rules that decide whether another event is newer.
 * Free of persistence so the rules can be tested exhaustively.
 *
 * <p>Atlassian gives no sequence number, only the lifecycle token's {@code iat} with one-second resolution, and sends
 * {@code disabled} and {@code uninstalled} (or {@code installed} and {@code enabled}) milliseconds apart, so they can
 * arrive in either order with the same {@code iat}. Events are ordered per register by ({@code iat}, tie-break):
 * <ul>
 *   <li>installation register ({@code installed}/{@code uninstalled}): at equal {@code iat}, {@code uninstalled}
 *       wins;</li>
 *   <li>enablement register ({@code enabled}/{@code disabled}): at equal {@code iat}, {@code disabled} wins;</li>
 *   <li>across registers: an enablement event not newer than a recorded {@code uninstalled} is stale (at equal
 *       {@code iat}, {@code uninstalled} wins over {@code disabled} and {@code enabled}).</li>
 * </ul>
 * An event older than its register's newest is stale and changes nothing; the very same event again is a retry.
 *
 * @param installEvent      newest installation event, null before the first install
 * @param installIat        its {@code iat}
 * @param installedSinceIat {@code iat} of the {@code installed} that started the current installation
 * @param enablementEvent   newest enablement event, or null
 * @param enablementIat     its {@code iat}
 */
public record LifecycleRegisters(LifecycleEvent installEvent, Long installIat, Long installedSinceIat,
                                 LifecycleEvent enablementEvent, Long enablementIat) {

    public static final LifecycleRegisters NONE = new LifecycleRegisters(null, null, null, null, null);

    /** How an event relates to what is recorded. */
    public enum Order {
        /** Newer than the register's newest (or the first): applied. */
        NEWER,
        /** The same event with the same {@code iat} again: a retry, idempotent. */
        SAME,
        /** Older: stale, ignored. */
        OLDER
    }

    /**
     * @param order     how the event related to the recorded ones
     * @param after     the registers after the event (unchanged unless {@link Order#NEWER})
     * @param freshInstall whether the event started an installation (first install or re-install after uninstall)
     */
    public record Outcome(Order order, LifecycleRegisters after, boolean freshInstall) {

        public boolean stale() {
            return order == Order.OLDER;
        }
    }

    public Outcome apply(LifecycleEvent event, long iat) {
        if (event.register() == LifecycleEvent.Register.INSTALLATION) {
            Order order = compare(installEvent, installIat, event, iat);
            if (order != Order.NEWER) {
                return new Outcome(order, this, false);
            }
            boolean fresh = event == LifecycleEvent.INSTALLED
                    && (installEvent == null || installEvent == LifecycleEvent.UNINSTALLED);
            return new Outcome(order, new LifecycleRegisters(event, iat, fresh ? Long.valueOf(iat) : installedSinceIat,
                    enablementEvent, enablementIat), fresh);
        }
        if (installEvent == LifecycleEvent.UNINSTALLED && installIat != null && installIat >= iat) {
            return new Outcome(Order.OLDER, this, false);
        }
        Order order = compare(enablementEvent, enablementIat, event, iat);
        if (order != Order.NEWER) {
            return new Outcome(order, this, false);
        }
        return new Outcome(order, new LifecycleRegisters(installEvent, installIat, installedSinceIat, event, iat), false);
    }

    /**
     * The effective state. Enablement only counts within the current installation (not older than the install that
     * started it): a {@code disabled} from before an uninstall does not disable a re-installed app, while an
     * {@code enabled} that overtook its own {@code installed} still enables it.
     */
    public TenantState state() {
        if (installEvent == null) {
            throw new IllegalStateException("no installation recorded yet");
        }
        if (installEvent == LifecycleEvent.UNINSTALLED) {
            return TenantState.UNINSTALLED;
        }
        if (enablementEvent != null && enablementIat != null && installedSinceIat != null
                && enablementIat >= installedSinceIat) {
            return enablementEvent == LifecycleEvent.ENABLED ? TenantState.ENABLED : TenantState.DISABLED;
        }
        return TenantState.INSTALLED;
    }

    static Order compare(LifecycleEvent recorded, Long recordedIat, LifecycleEvent candidate, long candidateIat) {
        if (recorded == null || recordedIat == null) {
            return Order.NEWER;
        }
        int byTime = Long.compare(candidateIat, recordedIat);
        if (byTime != 0) {
            return byTime > 0 ? Order.NEWER : Order.OLDER;
        }
        int byRank = Integer.compare(candidate.tieBreakRank(), recorded.tieBreakRank());
        if (byRank != 0) {
            return byRank > 0 ? Order.NEWER : Order.OLDER;
        }
        return Order.SAME;
    }
}
