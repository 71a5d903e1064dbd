package io.pivotreport.platform.data;

import io.pivotreport.platform.problem.Problem;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.StaleObjectStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Persistence outcomes that are the caller's to resolve, as problem+json. */
public class DataProblemMappers {

    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    public Response versionConflict(Exception e, UriInfo uri) {
        return Problem.of(409, "version-conflict", "Conflict",
                "The resource was changed by someone else; reload it and try again")
                .withInstance(uri.getPath()).toResponse();
    }
}
