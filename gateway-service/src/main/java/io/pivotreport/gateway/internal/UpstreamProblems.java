package io.pivotreport.gateway.internal;

import io.pivotreport.platform.problem.Problem;
import io.pivotreport.platform.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * What the caller learns when a private service refuses the gateway. The gateway's own credentials being refused
 * (401/403) is our fault, never the caller's: it becomes 502 and an error log, not a 401 the browser would read as
 * "log in again".
 */
public final class UpstreamProblems {

    private static final Logger LOG = Logger.getLogger(UpstreamProblems.class);

    private UpstreamProblems() {
    }

    public static ProblemException of(PrivateService service, UpstreamResponse response, int retryAfterSeconds) {
        int status = response.status();
        if (status == 401 || status == 403) {
            LOG.errorf("%s refused the gateway's internal token (HTTP %d): check signing key and issuer",
                    service.audience(), status);
            return badGateway();
        }
        if (status == 503 || status == 429) {
            return ProblemException.unavailable("A service behind the gateway is unavailable; try again shortly",
                    retryAfterSeconds);
        }
        if (status >= 500) {
            LOG.warnf("%s failed (HTTP %d)", service.audience(), status);
            return badGateway();
        }
        return new ProblemException(Problem.of(status, "refused", "Request refused",
                "A service behind the gateway refused the request"));
    }

    private static ProblemException badGateway() {
        return new ProblemException(Problem.of(502, "bad-gateway", "Bad gateway",
                "A service behind the gateway failed; try again later"));
    }
}
