package io.pivotreport.gateway.security;

import io.pivotreport.auth.TokenClass;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses to start when a route's security declaration is incoherent, so a mistake shows at deploy time rather than
 * as an open route: every HTTP method of a resource either declares token classes (at most one Connect class, plus
 * optionally Forge) together with {@code @RolesAllowed}, or is {@code @PermitAll} without any. A support route
 * ({@link AcceptsSupportToken}) is a {@code GET} with {@code @RolesAllowed} and no Atlassian class.
 */
@Singleton
public class RouteDeclarationsCheck {

    private static final List<Class<? extends Annotation>> HTTP_METHODS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

    void onStart(@Observes StartupEvent event, BeanManager beans) {
        Set<Class<?>> resources = new HashSet<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (type.isAnnotationPresent(Path.class) && type.getName().startsWith("io.pivotreport.gateway")) {
                resources.add(type);
            }
        }
        List<String> problems = new ArrayList<>();
        for (Class<?> resource : resources) {
            problems.addAll(problems(resource));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("route security declarations refused: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Class<?> resource) {
        List<String> problems = new ArrayList<>();
        for (Method method : resource.getDeclaredMethods()) {
            if (HTTP_METHODS.stream().noneMatch(method::isAnnotationPresent)) {
                continue;
            }
            String name = resource.getSimpleName() + "#" + method.getName();
            AcceptsToken accepts = method.getAnnotation(AcceptsToken.class);
            boolean support = method.isAnnotationPresent(AcceptsSupportToken.class);
            boolean permitAll = method.isAnnotationPresent(PermitAll.class)
                    || resource.isAnnotationPresent(PermitAll.class);
            boolean roles = method.isAnnotationPresent(RolesAllowed.class)
                    || resource.isAnnotationPresent(RolesAllowed.class);
            if (support) {
                if (accepts != null) {
                    problems.add(name + " accepts support tokens and Atlassian tokens");
                }
                if (permitAll || !roles) {
                    problems.add(name + " accepts support tokens without @RolesAllowed");
                }
                if (!method.isAnnotationPresent(GET.class)) {
                    problems.add(name + " accepts support tokens on a method other than GET (support is read-only)");
                }
                continue;
            }
            if (accepts == null) {
                continue; // no Atlassian identity: refused by @RolesAllowed or deny-by-default unless @PermitAll
            }
            if (permitAll) {
                problems.add(name + " declares token classes and @PermitAll");
            } else if (!roles) {
                problems.add(name + " declares token classes without @RolesAllowed");
            }
            long connectClasses = Arrays.stream(accepts.value()).filter(c -> c != TokenClass.FORGE_INVOCATION)
                    .distinct().count();
            if (accepts.value().length == 0 || connectClasses > 1) {
                problems.add(name + " must accept one Connect class at most (plus Forge)");
            }
        }
        return problems;
    }
}
