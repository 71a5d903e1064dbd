package io.pivotreport.gateway.internal;

import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.platform.security.CallerContext;
import io.pivotreport.platform.security.Roles;
import io.pivotreport.platform.security.SupportClaims;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mints the short-lived RS256 tokens the private services accept (signing key: {@code smallrye.jwt.sign.key.location}).
 * Audience = the one service it is sent to, so a token that leaks opens one service for at most a minute. No Atlassian
 * token, claim or secret is ever copied into it.
 * <p>
 * An RS256 signature is the most expensive step of a forwarded user call, so a user token is reused for calls with
 * exactly the same claims (audience, tenant, account, role) during the first half of its lifetime: every reused token
 * still has at least half its lifetime left when it is sent, and nothing but the token is kept (no tenant data). Support
 * tokens (each support read is audited with its own reason and {@code jti}) and the gateway's own tokens are minted per
 * call. The table of reusable tokens is bounded ({@link #DEFAULT_MAX_REUSABLE} entries).
 */
@ApplicationScoped
public class InternalTokenMinter {

    /** Distinct (audience, tenant, account) triples whose token is kept; ~1 KiB each, so ~10 MiB at most. */
    static final int DEFAULT_MAX_REUSABLE = 10_000;

    private final GatewayConfig config;
    private final Clock clock;
    private final int maxReusable;
    private final Duration reuseWindow;
    private final ConcurrentHashMap<UserTokenKey, Minted> reusable = new ConcurrentHashMap<>();

    @Inject
    public InternalTokenMinter(GatewayConfig config, Clock clock) {
        this(config, clock, DEFAULT_MAX_REUSABLE);
    }

    InternalTokenMinter(GatewayConfig config, Clock clock, int maxReusable) {
        this.config = config;
        this.clock = clock;
        this.maxReusable = maxReusable;
        // Half the lifetime: a reused token is never sent with less than half of it left.
        this.reuseWindow = config.internalToken().lifetime().dividedBy(2);
    }

    /** The claims that make two user tokens interchangeable: all of them except iat, exp and jti. */
    private record UserTokenKey(PrivateService target, String tenantId, String accountId, String role) {
    }

    private record Minted(String token, Instant mintedAt, Instant reuseUntil) {
        boolean reusableAt(Instant now) {
            return !now.isBefore(mintedAt) && now.isBefore(reuseUntil);
        }
    }

    /**
     * A user's call forwarded on behalf of a tenant: role {@code app-user}, {@code sub} = the accountId. Reused for the
     * same service, tenant and account during the first half of its lifetime.
     */
    public String forUser(PrivateService target, String tenantId, String accountId) {
        if (tenantId == null || accountId == null) {
            throw new IllegalArgumentException("a user token needs a tenant and an account");
        }
        UserTokenKey key = new UserTokenKey(target, tenantId, accountId, Roles.APP_USER);
        Instant now = clock.instant();
        Minted known = reusable.get(key);
        if (known != null && known.reusableAt(now)) {
            return known.token();
        }
        String token = builder(target, accountId, Roles.APP_USER, now)
                .claim(CallerContext.TENANT_CLAIM, tenantId)
                .claim(CallerContext.ACCOUNT_CLAIM, accountId)
                .sign();
        remember(key, new Minted(token, now, now.plus(reuseWindow)), now);
        return token;
    }

    /**
     * A support engineer's read of one tenant: role {@code support}, {@code sub} = the engineer, the validated reason
     * and the optional ticket as {@link SupportClaims}; no {@code account} claim (no user is acting). Never reused:
     * each support call is audited with its own token.
     */
    public String forSupport(PrivateService target, String tenantId, String engineer, String reason, String ticket) {
        if (tenantId == null || engineer == null || reason == null) {
            throw new IllegalArgumentException("a support token needs a tenant, an engineer and a reason");
        }
        JwtClaimsBuilder builder = builder(target, engineer, Roles.SUPPORT, clock.instant())
                .claim(CallerContext.TENANT_CLAIM, tenantId)
                .claim(SupportClaims.REASON_CLAIM, reason);
        if (ticket != null) {
            builder.claim(SupportClaims.TICKET_CLAIM, ticket);
        }
        return builder.sign();
    }

    /** The gateway's own call (lifecycle forwarding, look-ups, licence checks): role {@code gateway}, one per call. */
    public String forGateway(PrivateService target, String tenantIdOrNull) {
        JwtClaimsBuilder builder = builder(target, Roles.GATEWAY, Roles.GATEWAY, clock.instant());
        if (tenantIdOrNull != null) {
            builder.claim(CallerContext.TENANT_CLAIM, tenantIdOrNull);
        }
        return builder.sign();
    }

    /** How many user tokens are kept for reuse now (never more than the bound). */
    int reusableCount() {
        return reusable.size();
    }

    /**
     * Keeps a fresh token; synchronised so that the bound holds exactly (only minting calls come here, each after an
     * RSA signature, so the lock costs nothing measurable). A full table first drops what expired, then everything.
     */
    private synchronized void remember(UserTokenKey key, Minted minted, Instant now) {
        if (!reusable.containsKey(key) && reusable.size() >= maxReusable) {
            reusable.values().removeIf(entry -> !entry.reusableAt(now));
            if (reusable.size() >= maxReusable) {
                reusable.clear();
            }
        }
        reusable.put(key, minted);
    }

    private JwtClaimsBuilder builder(PrivateService target, String subject, String role, Instant now) {
        return Jwt.issuer(config.internalToken().issuer())
                .audience(target.audience())
                .subject(subject)
                .groups(Set.of(role))
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(config.internalToken().lifetime()).getEpochSecond())
                .claim("jti", UUID.randomUUID().toString());
    }
}
