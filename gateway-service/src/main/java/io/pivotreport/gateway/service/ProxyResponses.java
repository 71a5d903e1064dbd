package io.pivotreport.gateway.service;

import io.pivotreport.gateway.internal.PrivateService;
import io.pivotreport.gateway.internal.UpstreamProblems;
import io.pivotreport.gateway.internal.UpstreamResponse;
import io.pivotreport.platform.problem.Problem;
import jakarta.ws.rs.core.Response;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a private service's answer into the gateway's: status and JSON body for success and for the caller's own
 * mistakes (400, 404, 409, 412, 413, 415, 422, 428), the few headers with a meaning outside ({@code ETag}, a rewritten
 * {@code Location}), never the private service's other headers. Its refusals of the gateway itself and its failures
 * become 502/503 ({@link UpstreamProblems}). A 403 is the caller's (e.g. changing someone else's shared report) unless
 * it says the gateway's token was minted for another service.
 */
public final class ProxyResponses {

    private static final Set<Integer> CALLER_ERRORS = Set.of(400, 403, 404, 409, 412, 413, 415, 422, 428);
    private static final String WRONG_AUDIENCE = "/problems/wrong-audience";
    private static final Pattern REPORT_LOCATION = Pattern.compile(".*/reports/([A-Za-z0-9-]{1,64})/?$");

    private ProxyResponses() {
    }

    public static Response toResponse(PrivateService service, UpstreamResponse upstream, int retryAfterSeconds) {
        int status = upstream.status();
        boolean gatewayRefused = status == 403
                && new String(upstream.bodyBytes(), java.nio.charset.StandardCharsets.UTF_8).contains(WRONG_AUDIENCE);
        if (gatewayRefused || !(upstream.isSuccess() || CALLER_ERRORS.contains(status))) {
            throw UpstreamProblems.of(service, upstream, retryAfterSeconds);
        }
        Response.ResponseBuilder builder = Response.status(status);
        byte[] body = upstream.bodyBytes();
        if (body.length > 0 && status != 204) {
            builder.entity(body).type(contentType(upstream.contentType(), status));
        } else if (!upstream.isSuccess()) {
            builder.entity(Problem.of(status, "refused", "Request refused", "The request was refused"))
                    .type(Problem.MEDIA);
        }
        if (upstream.etag() != null) {
            builder.header("ETag", upstream.etag());
        }
        String location = reportLocation(upstream.location());
        if (location != null) {
            builder.header("Location", location);
        }
        return builder.build();
    }

    /** Only JSON travels outward; anything else is announced as JSON of the right kind. */
    static String contentType(String upstream, int status) {
        String type = upstream == null ? "" : upstream.toLowerCase(Locale.ROOT);
        if (type.startsWith(Problem.MEDIA_TYPE)) {
            return Problem.MEDIA_TYPE;
        }
        return status >= 400 ? Problem.MEDIA_TYPE : "application/json";
    }

    /** {@code .../reports/<id>} of a private service becomes the gateway's {@code /api/reports/<id>}. */
    static String reportLocation(String upstream) {
        if (upstream == null) {
            return null;
        }
        Matcher matcher = REPORT_LOCATION.matcher(upstream);
        return matcher.matches() ? "/api/reports/" + matcher.group(1) : null;
    }
}
