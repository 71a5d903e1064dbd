package io.pivotreport.license.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.events.TenantLifecycleEvent;
import io.pivotreport.events.Violation;
import io.pivotreport.license.config.LicenseConfig;
import io.pivotreport.license.messaging.LifecycleEvents;
import io.pivotreport.license.model.HistoryKind;
import io.pivotreport.license.model.LifecycleEvent;
import io.pivotreport.license.model.LifecycleRegisters;
import io.pivotreport.license.model.Platform;
import io.pivotreport.license.model.Tenant;
import io.pivotreport.license.model.TenantState;
import io.pivotreport.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Applies Connect and Forge lifecycle events to tenants: ordered by the lifecycle token's {@code iat} (see
 * {@link LifecycleRegisters}), each tenant row locked for the transaction, and every effective change announced through
 * the outbox in the same transaction.
 */
@ApplicationScoped
public class LifecycleService {

    private static final Logger LOG = Logger.getLogger(LifecycleService.class);
    static final String EVENTS_METRIC = "pivot_license_lifecycle_events_total";
    static final String SITE_IMPORTS_METRIC = "pivot_license_site_imports_total";

    @Inject
    EntityManager em;

    @Inject
    SecretCipher cipher;

    @Inject
    AccountHistory history;

    @Inject
    LifecycleEvents events;

    @Inject
    LicenseConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    @Transactional
    public LifecycleResult applyConnect(ConnectLifecycle command) {
        checkConnect(command);
        Tenant tenant = Tenant.lockByClientKey(command.clientKey()).orElse(null);
        if (tenant == null) {
            if (command.event() != LifecycleEvent.INSTALLED) {
                count(Platform.CONNECT, command.event(), "unknown_tenant");
                throw ProblemException.notFound("Tenant");
            }
            tenant = createLocked(Platform.CONNECT, command.clientKey());
        }
        return apply(tenant, Platform.CONNECT, command.event(), command.issuedAt(),
                (t, outcome, brandNew, now) -> installConnect(t, command, outcome, brandNew, now));
    }

    @Transactional
    public LifecycleResult applyForge(ForgeLifecycle command) {
        List<Violation> violations = new ArrayList<>();
        checkIssuedAt(command.issuedAt(), violations);
        if (command.event().register() != LifecycleEvent.Register.INSTALLATION) {
            violations.add(new Violation("/event", "must be installed or uninstalled"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
        Tenant tenant = Tenant.lockByForgeInstallation(command.installationId()).orElse(null);
        if (tenant == null) {
            if (command.event() != LifecycleEvent.INSTALLED) {
                count(Platform.FORGE, command.event(), "unknown_tenant");
                throw ProblemException.notFound("Tenant");
            }
            tenant = createLocked(Platform.FORGE, command.installationId());
        }
        return apply(tenant, Platform.FORGE, command.event(), command.issuedAt(),
                (t, outcome, brandNew, now) -> installForge(t, command, outcome, brandNew, now));
    }

    @FunctionalInterface
    private interface InstallStep {
        /** Writes an {@code installed} event's details; returns facts for the history entry. */
        Map<String, Object> apply(Tenant tenant, LifecycleRegisters.Outcome outcome, boolean brandNew, Instant now);
    }

    private LifecycleResult apply(Tenant tenant, Platform platform, LifecycleEvent event, long issuedAt,
                                  InstallStep install) {
        LifecycleRegisters before = tenant.registers();
        boolean brandNew = before.installEvent() == null;
        TenantState stateBefore = brandNew ? null : tenant.state;
        LifecycleRegisters.Outcome outcome = before.apply(event, issuedAt);
        if (outcome.stale()) {
            history.record(tenant.id, HistoryKind.LIFECYCLE_IGNORED, Map.of("platform", platform.wire(),
                    "event", event.wire(), "issuedAt", issuedAt, "newestInstallEventIat", orNone(before.installIat()),
                    "newestEnablementEventIat", orNone(before.enablementIat()), "reason", "stale"));
            count(platform, event, "stale");
            LOG.infof("Ignored stale %s event for tenant %s", event.wire(), tenant.id);
            return new LifecycleResult(tenant.id, tenant.state, false);
        }
        // PostgreSQL keeps microseconds: the eraseAfter announced must equal the one stored
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        tenant.registers(outcome.after());
        TenantState stateAfter = outcome.after().state();
        tenant.state = stateAfter;
        tenant.updatedAt = now;

        boolean changed = outcome.order() == LifecycleRegisters.Order.NEWER;
        if (event == LifecycleEvent.INSTALLED) {
            Map<String, Object> facts = install.apply(tenant, outcome, brandNew, now);
            boolean secretChanged = Boolean.TRUE.equals(facts.get("secretChanged"));
            if (changed || secretChanged) {
                Map<String, Object> detail = new LinkedHashMap<>(facts);
                detail.put("platform", platform.wire());
                detail.put("issuedAt", issuedAt);
                detail.put("state", stateAfter.wire());
                history.record(tenant.id, HistoryKind.INSTALLED, detail);
                // also on a refresh: the gateway drops its cached secret when it hears INSTALLED
                events.publish(tenant, TenantLifecycleEvent.Type.INSTALLED, null);
            }
        } else if (changed) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("platform", platform.wire());
            detail.put("issuedAt", issuedAt);
            detail.put("stateBefore", stateBefore.wire());
            detail.put("state", stateAfter.wire());
            if (stateAfter == TenantState.UNINSTALLED && stateBefore != TenantState.UNINSTALLED) {
                tenant.uninstalledAt = now;
                tenant.eraseAfter = now.plus(config.uninstallGrace());
                detail.put("eraseAfter", tenant.eraseAfter);
            }
            history.record(tenant.id, HistoryKind.valueOf(event.name()), detail);
        }
        if (stateAfter != stateBefore) {
            announce(tenant, stateAfter);
        }
        count(platform, event, changed ? "applied" : "duplicate");
        LOG.infof("Tenant %s: %s event applied, state %s", tenant.id, event.wire(), stateAfter.wire());
        return new LifecycleResult(tenant.id, stateAfter, true);
    }

    private void announce(Tenant tenant, TenantState state) {
        switch (state) {
            case ENABLED -> events.publish(tenant, TenantLifecycleEvent.Type.ENABLED, null);
            case DISABLED -> events.publish(tenant, TenantLifecycleEvent.Type.DISABLED, null);
            case UNINSTALLED -> events.publish(tenant, TenantLifecycleEvent.Type.UNINSTALLED, tenant.eraseAfter);
            default -> {
                // INSTALLED is announced with the install itself; ERASED by the erasure job
            }
        }
    }

    private Map<String, Object> installConnect(Tenant tenant, ConnectLifecycle command,
                                               LifecycleRegisters.Outcome outcome, boolean brandNew, Instant now) {
        Map<String, Object> facts = new LinkedHashMap<>();
        String baseUrl = normaliseBaseUrl(command.baseUrl());
        boolean secretChanged = !cipher.matches(tenant, command.sharedSecret());
        facts.put("kind", brandNew ? "new" : outcome.freshInstall() ? "reinstall" : "refresh");
        facts.put("secretChanged", !brandNew && secretChanged);
        if (!brandNew && !Objects.equals(tenant.baseUrl, baseUrl)) {
            facts.put("baseUrlChanged", true);
        }
        tenant.baseUrl = baseUrl;
        tenant.displayUrl = command.displayUrl();
        tenant.productType = command.productType();
        tenant.oauthClientId = command.oauthClientId();
        tenant.entitlementId = command.entitlementId();
        tenant.entitlementNumber = command.entitlementNumber();
        tenant.cloudId = command.cloudId();
        tenant.installationId = command.installationId();
        cipher.store(tenant, command.sharedSecret());
        startInstallation(tenant, outcome, brandNew, now, facts);
        if (brandNew) {
            recordSiteImport(tenant, facts);
        }
        return facts;
    }

    private Map<String, Object> installForge(Tenant tenant, ForgeLifecycle command, LifecycleRegisters.Outcome outcome,
                                             boolean brandNew, Instant now) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("kind", brandNew ? "new" : outcome.freshInstall() ? "reinstall" : "refresh");
        tenant.cloudId = command.cloudId();
        tenant.environmentType = command.environmentType();
        tenant.environmentId = command.environmentId();
        tenant.appId = command.appId();
        startInstallation(tenant, outcome, brandNew, now, facts);
        return facts;
    }

    private void startInstallation(Tenant tenant, LifecycleRegisters.Outcome outcome, boolean brandNew, Instant now,
                                   Map<String, Object> facts) {
        if (brandNew) {
            tenant.installedAt = now;
        } else if (outcome.freshInstall() && tenant.eraseAfter != null) {
            facts.put("erasureCancelled", true);
            tenant.uninstalledAt = null;
            tenant.eraseAfter = null;
        }
    }

    /**
     * Same base URL, new client key: a site import or a restore of another site's backup (Atlassian's one case where
     * a site's client key changes). Both tenants get a history entry so support can follow the site.
     */
    private void recordSiteImport(Tenant tenant, Map<String, Object> facts) {
        List<Tenant> previous = Tenant.list("platform = ?1 and baseUrl = ?2 and id <> ?3 and state <> ?4 "
                + "order by updatedAt desc", Platform.CONNECT, tenant.baseUrl, tenant.id, TenantState.ERASED);
        if (previous.isEmpty()) {
            return;
        }
        Tenant replaced = previous.get(0);
        tenant.previousTenantId = replaced.id;
        facts.put("siteImport", true);
        history.record(tenant.id, HistoryKind.SITE_IMPORT, Map.of("role", "new-client-key",
                "previousTenantId", replaced.id.toString(), "previousState", replaced.state.wire()));
        history.record(replaced.id, HistoryKind.SITE_IMPORT, Map.of("role", "replaced-client-key",
                "newTenantId", tenant.id.toString()));
        registry.counter(SITE_IMPORTS_METRIC).increment();
        LOG.infof("Site import: tenant %s takes over the base URL of tenant %s", tenant.id, replaced.id);
    }

    /**
     * Inserts the tenant row unless a concurrent install of the same site just did, then locks whichever row exists:
     * two simultaneous first installs end in one tenant instead of a unique-key failure.
     */
    private Tenant createLocked(Platform platform, String naturalKey) {
        String column = platform == Platform.CONNECT ? "client_key" : "forge_installation_id";
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        em.createNativeQuery("INSERT INTO tenant (id, platform, state, " + column + ", created_at, updated_at) "
                        + "VALUES (?1, ?2, 'installed', ?3, ?4, ?4) ON CONFLICT (" + column + ") DO NOTHING")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, platform.wire())
                .setParameter(3, naturalKey)
                .setParameter(4, now)
                .executeUpdate();
        return (platform == Platform.CONNECT ? Tenant.lockByClientKey(naturalKey)
                : Tenant.lockByForgeInstallation(naturalKey)).orElseThrow();
    }

    private void checkConnect(ConnectLifecycle command) {
        List<Violation> violations = new ArrayList<>();
        checkIssuedAt(command.issuedAt(), violations);
        if (command.event() == LifecycleEvent.INSTALLED) {
            if (command.sharedSecret() == null || command.sharedSecret().isBlank()) {
                violations.add(new Violation("/sharedSecret", "is required for installed"));
            }
            if (command.baseUrl() == null || command.baseUrl().isBlank()) {
                violations.add(new Violation("/baseUrl", "is required for installed"));
            }
        } else if (command.sharedSecret() != null) {
            // the contract sends the secret with installed only; anywhere else it would be one more copy in transit
            violations.add(new Violation("/sharedSecret", "is only accepted with installed"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.validation(violations);
        }
    }

    private void checkIssuedAt(long issuedAt, List<Violation> violations) {
        Instant latest = clock.instant().plus(config.lifecycle().maxFutureSkew());
        if (issuedAt > latest.getEpochSecond()) {
            violations.add(new Violation("/issuedAt", "is in the future"));
        }
    }

    static String normaliseBaseUrl(String baseUrl) {
        String url = baseUrl.trim().toLowerCase(Locale.ROOT);
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    private void count(Platform platform, LifecycleEvent event, String outcome) {
        registry.counter(EVENTS_METRIC, "platform", platform.wire(), "event", event.wire(), "outcome", outcome)
                .increment();
    }

    private static Object orNone(Long value) {
        return value == null ? "none" : value;
    }
}
