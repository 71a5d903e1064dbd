package io.pivotreport.gateway.rest;

import io.pivotreport.platform.problem.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;

/**
 * A route that consumes JSON takes only {@code Content-Type: application/json} (parameters allowed, a charset only
 * if it is UTF-8, the only encoding JSON has). Quarkus REST matches a request without a {@code Content-Type}, or with
 * {@code *}{@code /*}, to a JSON route and would read the body as JSON anyway; here that is 415. Runs after
 * authentication and the token gate, so a request without a token still gets its 401 first.
 */
public class JsonContentTypeFilter {

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 10)
    public Response requireJson(ContainerRequestContext request, ResourceInfo resource) {
        if (!consumesJson(resource.getResourceMethod()) || isJson(request.getHeaderString("Content-Type"))) {
            return null;
        }
        return Problem.of(415, "unsupported-media-type", "Unsupported media type",
                "The request body must be sent as Content-Type: application/json").toResponse();
    }

    static boolean consumesJson(Method method) {
        if (method == null) {
            return false;
        }
        Consumes consumes = method.getAnnotation(Consumes.class);
        if (consumes == null) {
            consumes = method.getDeclaringClass().getAnnotation(Consumes.class);
        }
        return consumes != null && Arrays.asList(consumes.value()).contains(MediaType.APPLICATION_JSON);
    }

    /** {@code application/json}, optionally with parameters; a {@code charset} parameter must name UTF-8. */
    static boolean isJson(String contentType) {
        if (contentType == null || contentType.length() > 200) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(MediaType.APPLICATION_JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "");
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }
}
