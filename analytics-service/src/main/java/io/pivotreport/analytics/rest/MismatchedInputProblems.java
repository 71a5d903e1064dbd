package io.pivotreport.analytics.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.pivotreport.events.Violation;
import io.pivotreport.platform.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Workaround for platform-service: quarkus-rest-jackson has a built-in mapper for {@link MismatchedInputException}
 * (wrong type, unknown enum value, coercion refused) that is closer to the thrown type than ProblemMappers'
 * {@code JsonMappingException} mapper, so such bodies were answered with plain JSON instead of problem+json. Same
 * problem shape as ProblemMappers; delete once the shared mappers handle this type.
 */
public class MismatchedInputProblems {

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        if (e instanceof UnrecognizedPropertyException) {
            return Problem.of(400, "validation", "Invalid request", "The request body has a field that is not allowed")
                    .withErrors(List.of(new Violation(pointer(e), "is not an allowed field")))
                    .withInstance(uri.getPath()).toResponse();
        }
        return Problem.of(400, "validation", "Invalid request", "The request body does not match the expected shape")
                .withErrors(List.of(new Violation(pointer(e), "has the wrong type or format")))
                .withInstance(uri.getPath()).toResponse();
    }

    private static String pointer(MismatchedInputException e) {
        String pointer = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
        return pointer.equals("/") ? "/" : pointer;
    }
}
