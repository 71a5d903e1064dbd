package io.pivotreport.gateway.security;

import io.pivotreport.auth.TokenClass;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ResourceInfo;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the matched resource method declares about tokens. Read through Quarkus REST's request-scoped
 * {@link ResourceInfo}, which is set as soon as the request matched a method and before any security check runs.
 */
@ApplicationScoped
public class RouteTokens {

    private final Instance<ResourceInfo> resourceInfo;

    public RouteTokens(Instance<ResourceInfo> resourceInfo) {
        this.resourceInfo = resourceInfo;
    }

    /** The matched method's {@link AcceptsToken}, or null (no JAX-RS method matched, or it declares none). */
    public AcceptsToken current() {
        Method method = currentMethod();
        return method == null ? null : method.getAnnotation(AcceptsToken.class);
    }

    /** The matched resource method, or null outside a matched JAX-RS request. */
    public Method currentMethod() {
        try {
            ResourceInfo info = resourceInfo.get();
            return info == null ? null : info.getResourceMethod();
        } catch (RuntimeException e) {
            // Not a JAX-RS request (static files, management) or not matched yet: no Atlassian route.
            return null;
        }
    }

    /** Whether the matched route is a support route ({@link AcceptsSupportToken}). */
    public boolean currentIsSupport() {
        return isSupport(currentMethod());
    }

    public static boolean isSupport(Method method) {
        return method != null && method.isAnnotationPresent(AcceptsSupportToken.class);
    }

    public static Set<TokenClass> classes(AcceptsToken accepts) {
        return accepts == null || accepts.value().length == 0 ? EnumSet.noneOf(TokenClass.class)
                : EnumSet.copyOf(Arrays.asList(accepts.value()));
    }

    /** A deliberately public route: {@code @PermitAll} and no token class. */
    public static boolean isPublic(Method method) {
        return method != null && method.getAnnotation(AcceptsToken.class) == null && !isSupport(method)
                && (method.isAnnotationPresent(PermitAll.class)
                || method.getDeclaringClass().isAnnotationPresent(PermitAll.class));
    }
}
