package io.pivotreport.gateway.service;

import io.pivotreport.platform.problem.Problem;
import io.pivotreport.platform.problem.ProblemException;

/** Size checks on bodies read by the gateway; the global HTTP limit is the outer bound, these are per route. */
public final class BodyLimits {

    private BodyLimits() {
    }

    public static byte[] require(byte[] body, int maxBytes) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("empty-body", "The request needs a JSON body");
        }
        if (body.length > maxBytes) {
            throw new ProblemException(Problem.of(413, "payload-too-large", "Payload too large",
                    "The request body is larger than " + maxBytes + " bytes"));
        }
        return body;
    }
}
