package io.pivotreport.gateway.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The route accepts a support token (the support issuer's JWT, {@code Authorization: Bearer}) and nothing else: no
 * Atlassian token class is tried on it, and a support token is never tried on a route with {@link AcceptsToken}. The
 * support token class lives here rather than in atlassian-auth's {@code TokenClass} because it is not an Atlassian
 * token. {@link RouteDeclarationsCheck} allows it only on {@code GET} methods with {@code @RolesAllowed} and without
 * {@link AcceptsToken}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AcceptsSupportToken {
}
