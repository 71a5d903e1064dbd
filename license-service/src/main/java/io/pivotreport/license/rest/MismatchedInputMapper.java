package io.pivotreport.license.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.pivotreport.events.Violation;
import io.pivotreport.platform.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Workaround for platform-service: Quarkus REST's built-in mapper for {@link MismatchedInputException} (an unknown enum
 * value such as {@code "event": "upgraded"}, a string where a number belongs) is more specific than ProblemMappers'
 * {@code JsonMappingException} mapper, so those answers were plain JSON instead of problem+json. Same answer as the
 * library's: a validation problem with the field's JSON pointer, never the rejected value. Delete once ProblemMappers
 * maps {@code MismatchedInputException} itself.
 */
public class MismatchedInputMapper {

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String pointer = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
        return Problem.of(400, "validation", "Invalid request", "The request body does not match the expected shape")
                .withErrors(List.of(new Violation(pointer, "has the wrong type or format")))
                .withInstance(uri.getPath()).toResponse();
    }
}
