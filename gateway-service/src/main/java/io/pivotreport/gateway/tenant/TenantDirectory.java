package io.pivotreport.gateway.tenant;

import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.edge.TokenBucketLimiter;
import io.pivotreport.gateway.internal.LicenseServiceClient;
import io.pivotreport.gateway.internal.LicenseServiceClient.ConnectVerification;
import io.pivotreport.gateway.internal.LicenseServiceClient.ForgeInstallation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pivotreport.platform.problem.ProblemException;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tenants as license-service knows them, cached in memory so that a request of a known tenant makes no remote call
 * (bounded, short TTL, dropped when the gateway forwards a lifecycle event of the tenant). Keys are the clientKey and
 * the Forge installation id; the shared secret is only ever a value, never a key, and never logged.
 *
 * <p>Blocking: call from a worker thread (token verification runs in the identity provider's blocking section).
 */
@ApplicationScoped
public class TenantDirectory {

    /** Tenant states in which a tenant's users may use the app. */
    private static final Set<String> ACTIVE_STATES = Set.of("installed", "enabled");
    /** States in which the tenant's tokens are still verified (lifecycle callbacks of a disabled app must work). */
    private static final Set<String> VERIFIABLE_STATES = Set.of("installed", "enabled", "disabled");
    /** Conservative shapes: anything else is not looked up at all. */
    private static final Pattern CLIENT_KEY = Pattern.compile("[\\p{Graph}&&[^/\\\\?#%]]{1,255}");
    private static final Pattern INSTALLATION_ID = Pattern.compile("[\\p{Graph}&&[^\\\\?#%]]{1,255}");

    public record ConnectTenant(String tenantId, String clientKey, String sharedSecret, String baseUrl,
                                String state) {
        public boolean active() {
            return ACTIVE_STATES.contains(state);
        }

        @Override
        public String toString() {
            return "ConnectTenant[state=" + state + "]";
        }
    }

    public record ForgeTenant(String tenantId, String installationId, String cloudId, String state) {
        public boolean active() {
            return ACTIVE_STATES.contains(state);
        }

        @Override
        public String toString() {
            return "ForgeTenant[state=" + state + "]";
        }
    }

    private final LicenseServiceClient licenseService;
    private final BoundedTtlCache<ConnectTenant> connect;
    private final BoundedTtlCache<ForgeTenant> forge;
    private final Duration wait;
    private final int retryAfterSeconds;
    private final MeterRegistry registry;
    private final TokenBucketLimiter lookupBudget;

    public TenantDirectory(LicenseServiceClient licenseService, GatewayConfig config, Clock clock,
                           MeterRegistry registry) {
        this.licenseService = licenseService;
        GatewayConfig.TenantCache cache = config.tenantCache();
        this.connect = new BoundedTtlCache<>(cache.maxEntries(), cache.ttl(), cache.negativeTtl(), clock);
        this.forge = new BoundedTtlCache<>(cache.maxEntries(), cache.ttl(), cache.negativeTtl(), clock);
        this.wait = config.services().requestTimeout().plusSeconds(1);
        this.retryAfterSeconds = config.services().retryAfterSeconds();
        this.registry = registry;
        this.lookupBudget = new TokenBucketLimiter(Math.max(1, cache.maxLookupsPerSecond() * 2),
                Math.max(1, cache.maxLookupsPerSecond()), 1, clock);
        Gauge.builder("pivot_gateway_tenant_cache_entries", connect, BoundedTtlCache::size)
                .description("Connect tenants held in the gateway's secret cache").register(registry);
    }

    /**
     * The Connect tenant of a clientKey whose tokens may be verified, or empty when license-service does not know it
     * (or it was uninstalled). Throws a 503 problem when license-service cannot answer.
     */
    public Optional<ConnectTenant> connect(String clientKey) {
        if (clientKey == null || !CLIENT_KEY.matcher(clientKey).matches()) {
            return Optional.empty();
        }
        Optional<ConnectTenant> cached = connect.get(clientKey);
        if (cached != null) {
            return cached;
        }
        spendLookupBudget();
        Optional<ConnectVerification> found = await(licenseService.connectVerification(clientKey));
        countLookup("connect", found.isPresent());
        Optional<ConnectTenant> tenant = found
                .filter(v -> v.sharedSecret() != null && v.state() != null && VERIFIABLE_STATES.contains(v.state()))
                .filter(v -> clientKey.equals(v.clientKey()))
                .map(v -> new ConnectTenant(v.tenantId(), v.clientKey(), v.sharedSecret(), v.baseUrl(), v.state()));
        tenant.ifPresentOrElse(t -> connect.put(clientKey, t), () -> connect.putAbsent(clientKey));
        return tenant;
    }

    /** The Forge installation, or empty when license-service does not know it. */
    public Optional<ForgeTenant> forge(String installationId) {
        if (installationId == null || !INSTALLATION_ID.matcher(installationId).matches()) {
            return Optional.empty();
        }
        Optional<ForgeTenant> cached = forge.get(installationId);
        if (cached != null) {
            return cached;
        }
        spendLookupBudget();
        Optional<ForgeInstallation> found = await(licenseService.forgeInstallation(installationId));
        countLookup("forge", found.isPresent());
        Optional<ForgeTenant> tenant = found
                .filter(f -> f.state() != null && installationId.equals(f.installationId()))
                .map(f -> new ForgeTenant(f.tenantId(), f.installationId(), f.cloudId(), f.state()));
        tenant.ifPresentOrElse(t -> forge.put(installationId, t), () -> forge.putAbsent(installationId));
        return tenant;
    }

    /**
     * Tokens with made-up issuers all miss the cache; without a budget each would become a call to license-service.
     * Over budget the gateway answers 503 (a real new tenant retries a second later) instead of passing the flood on.
     */
    private void spendLookupBudget() {
        java.util.OptionalLong wait = lookupBudget.tryAcquire("lookups");
        if (wait.isPresent()) {
            Counter.builder("pivot_gateway_tenant_lookups_throttled_total")
                    .description("Tenant look-ups refused because the look-up budget was spent")
                    .register(registry).increment();
            throw ProblemException.unavailable("Too many unknown sites right now; try again shortly",
                    (int) wait.getAsLong());
        }
    }

    /** {@code pivot_gateway_tenant_lookups_total{kind, result}}: remote look-ups, i.e. cache misses. */
    private void countLookup(String kind, boolean found) {
        Counter.builder("pivot_gateway_tenant_lookups_total")
                .description("Tenant look-ups at license-service (cache misses)")
                .tag("kind", kind).tag("result", found ? "found" : "not_found")
                .register(registry).increment();
    }

    private <T> T await(Uni<T> call) {
        try {
            return call.await().atMost(wait);
        } catch (TimeoutException e) {
            throw ProblemException.unavailable("A service behind the gateway is unavailable; try again shortly",
                    retryAfterSeconds);
        }
    }

    /** Drops what is held about a Connect tenant; called for every lifecycle event the gateway forwards. */
    public void invalidateConnect(String clientKey) {
        connect.invalidate(clientKey);
    }

    public void invalidateForge(String installationId) {
        forge.invalidate(installationId);
    }
}
