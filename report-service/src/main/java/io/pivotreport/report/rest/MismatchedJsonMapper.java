package io.pivotreport.report.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.pivotreport.events.Violation;
import io.pivotreport.platform.problem.Problem;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Workaround for platform-service: quarkus-rest-jackson ships a mapper for {@link MismatchedInputException} (a wrong
 * JSON type, an unknown enum value, an array instead of an object) that answers a bare 400 without problem+json, and
 * it is closer to those exceptions than ProblemMappers' {@code JsonMappingException} mapper. This one answers exactly
 * as ProblemMappers does. {@code UnrecognizedPropertyException} still goes to ProblemMappers' exact mapper. Delete once
 * ProblemMappers maps {@link MismatchedInputException} itself.
 */
public class MismatchedJsonMapper {

    @ServerExceptionMapper(priority = Priorities.USER - 1)
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return Problem.of(400, "validation", "Invalid request", "The request body does not match the expected shape")
                .withErrors(List.of(new Violation(pointer(e), "has the wrong type or format")))
                .withInstance(uri == null ? null : uri.getPath())
                .toResponse();
    }

    /** The JSON pointer of the failing member, e.g. {@code /configuration/measures/0/aggregation}. */
    static String pointer(JsonMappingException e) {
        String pointer = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("/", "/", ""));
        return pointer.equals("/") ? "/" : pointer;
    }
}
