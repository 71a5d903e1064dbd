package io.pivotreport.gateway.security;

import io.pivotreport.auth.TokenClass;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Atlassian token classes a route accepts. {@link AtlassianAuthMechanism} verifies the request's token as one of
 * these classes before anything else of the route runs; every other class is refused with 401. A resource method
 * without this annotation gets no Atlassian identity at all, and {@link TokenGateFilter} refuses it unless it is an
 * explicitly public {@code @PermitAll} route.
 *
 * <p>At most one Connect class per route; {@link TokenClass#FORGE_INVOCATION} may be added next to it, and is chosen
 * when the request carries an {@code Authorization: Bearer} header.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AcceptsToken {

    TokenClass[] value();

    /**
     * Whether the caller's tenant must already be known to license-service. False only on routes that create the
     * tenant (Forge lifecycle); Connect signed installs never resolve a tenant.
     */
    boolean resolveTenant() default true;

    /**
     * Whether the per-tenant rate limit applies. False on lifecycle callbacks: Atlassian's install and uninstall must
     * never be throttled by the tenant's own users.
     */
    boolean rateLimited() default true;
}
