package io.pivotreport.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.pivotreport.events.Violation;
import io.pivotreport.platform.security.InternalTokenDenials;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one place where exceptions become HTTP answers, identical in every service: RFC 9457 problem+json, never a stack
 * trace, class name or rejected value. Unexpected failures get an error id that is logged next to the exception, so
 * support can find the cause without the caller learning anything about the internals.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    InternalTokenDenials denials;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder builder = e.problem().withInstance(path(uri)).toResponseBuilder();
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Violation(pointer(v), v.getMessage()))
                .sorted(Comparator.comparing(Violation::field))
                .toList();
        return ProblemException.validation(violations).problem().withInstance(path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return Problem.of(400, "validation", "Invalid request", "The request body has a field that is not allowed")
                .withErrors(List.of(new Violation(pointer(e), "is not an allowed field")))
                .withInstance(path(uri)).toResponse();
    }

    /** Declared separately because quarkus-rest-jackson maps this subtype itself, without problem+json. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return jsonMapping(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri) {
        return Problem.of(400, "validation", "Invalid request", "The request body does not match the expected shape")
                .withErrors(List.of(new Violation(pointer(e), "has the wrong type or format")))
                .withInstance(path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response malformedJson(StreamReadException e, UriInfo uri) {
        return Problem.of(400, "malformed-json", "Malformed JSON", "The request body is not well-formed JSON")
                .withInstance(path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e, UriInfo uri) {
        return Problem.of(400, "malformed-json", "Malformed JSON", "The request body could not be read")
                .withInstance(path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        denials.record(InternalTokenDenials.Reason.MISSING);
        return unauthenticated(uri, "A valid internal token is required");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        denials.record(InternalTokenDenials.Reason.INVALID);
        return unauthenticated(uri, "The internal token is not valid");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        denials.record(InternalTokenDenials.Reason.FORBIDDEN);
        return Problem.of(403, "forbidden", "Forbidden", "The caller is not allowed to do this")
                .withInstance(path(uri)).toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return unknownField(unknown, uri);
        }
        if (cause instanceof JsonMappingException mapping) {
            return jsonMapping(mapping, uri);
        }
        if (cause instanceof JsonProcessingException json) {
            return otherJson(json, uri);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Request refused" : known.getReasonPhrase();
        Response.ResponseBuilder builder = Problem.of(status, slug(title), title, describe(status))
                .withInstance(path(uri)).toResponseBuilder();
        if (e.getResponse() != null) {
            copyHeader(e.getResponse(), builder, "Allow");
            copyHeader(e.getResponse(), builder, "Retry-After");
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure, error id %s", errorId);
        return Problem.of(500, "internal", "Internal error",
                "The request failed unexpectedly; quote error id " + errorId + " to support").withInstance(path(uri))
                .toResponse();
    }

    private static Response unauthenticated(UriInfo uri, String detail) {
        return Problem.of(401, "unauthenticated", "Unauthorized", detail).withInstance(path(uri)).toResponseBuilder()
                .header("WWW-Authenticate", "Bearer").build();
    }

    private static void copyHeader(Response from, Response.ResponseBuilder to, String name) {
        Object value = from.getHeaders().getFirst(name);
        if (value != null) {
            to.header(name, value);
        }
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "There is nothing at this path";
            case 405 -> "This method is not allowed here";
            case 406 -> "The requested media type cannot be produced";
            case 413 -> "The request body is too large";
            case 415 -> "The request's content type is not supported here";
            default -> "The request was refused";
        };
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /** The JSON pointer of a Jackson failure, built from its reference path: {@code /source/ids/2}. */
    static String pointer(JsonMappingException e) {
        String pointer = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
        return pointer.equals("/") ? "/" : pointer;
    }

    /** The field path of a bean-validation failure without the method and parameter nodes. */
    static String pointer(ConstraintViolation<?> violation) {
        StringBuilder pointer = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.CROSS_PARAMETER || node.getKind() == ElementKind.RETURN_VALUE) {
                continue;
            }
            if (node.getIndex() != null) {
                pointer.append('/').append(node.getIndex());
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                pointer.append('/').append(node.getName());
            }
        }
        return pointer.length() == 0 ? "/" : pointer.toString();
    }
}
