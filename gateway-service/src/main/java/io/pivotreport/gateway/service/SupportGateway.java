package io.pivotreport.gateway.service;

import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.internal.InternalTokenMinter;
import io.pivotreport.gateway.internal.PathSegments;
import io.pivotreport.gateway.internal.PrivateService;
import io.pivotreport.gateway.internal.PrivateServiceClient;
import io.pivotreport.gateway.security.SupportCaller;
import io.pivotreport.platform.problem.Problem;
import io.pivotreport.platform.problem.ProblemException;
import io.pivotreport.platform.security.SupportClaims;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.util.regex.Pattern;

/**
 * The audited support path: a verified support engineer reads one tenant's data at a private service's
 * {@code /support/...} route, with an internal token that names the engineer, the tenant and the stated reason
 * (role {@code support}). The private service records the access in its append-only audit table in the same
 * transaction as the read; the gateway logs one audit line per request ({@code SupportAuditFilter}).
 */
@ApplicationScoped
public class SupportGateway {

    /** Anything shaped like an e-mail address: the reason is stored in audit tables and must not name people. */
    static final Pattern EMAIL_LIKE = Pattern.compile("[^\\s@]+@[^\\s@]+");

    /** Anything shaped like a JWT: a JSON header in base64url ({@code eyJ...}), or three long base64url segments. */
    static final Pattern JWT_LIKE = Pattern.compile(
            "eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*\\.?|[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{16,}");

    private final PrivateServiceClient client;
    private final InternalTokenMinter tokens;
    private final int retryAfterSeconds;

    public SupportGateway(PrivateServiceClient client, InternalTokenMinter tokens, GatewayConfig config) {
        this.client = client;
        this.tokens = tokens;
        this.retryAfterSeconds = config.services().retryAfterSeconds();
    }

    /** The request as the engineer made it, checked. */
    public record SupportRequest(SupportCaller caller, String tenantId, String reason, String ticket) {

        @Override
        public String toString() {
            return "SupportRequest";
        }
    }

    /**
     * Checks the engineer's stated reason and ticket: 400 {@code support-reason-required} for a missing, short, long,
     * control-character, e-mail- or token-bearing reason (never echoed back), 400 {@code support-ticket-invalid} for a
     * ticket that is not a ticket reference.
     */
    public static SupportRequest request(SupportCaller caller, String tenantId, String reasonHeader,
                                         String ticketHeader) {
        String reason = validReason(reasonHeader);
        if (reason == null) {
            throw new ProblemException(Problem.of(400, "support-reason-required", "Support reason required",
                    "X-Support-Reason must say why in " + SupportClaims.REASON_MIN_LENGTH + " to "
                            + SupportClaims.REASON_MAX_LENGTH + " characters, without e-mail addresses, tokens or"
                            + " control characters"));
        }
        String ticket = null;
        if (ticketHeader != null && !ticketHeader.isBlank()) {
            ticket = ticketHeader.strip();
            if (!SupportClaims.TICKET.matcher(ticket).matches()) {
                throw new ProblemException(Problem.of(400, "support-ticket-invalid", "Support ticket invalid",
                        "X-Support-Ticket must be a ticket reference such as PRS-1234"));
            }
        }
        return new SupportRequest(caller, tenantId, reason, ticket);
    }

    /** The stripped reason, or null when it may not be stored. */
    static String validReason(String header) {
        if (header == null) {
            return null;
        }
        String reason = header.strip();
        if (reason.length() < SupportClaims.REASON_MIN_LENGTH || reason.length() > SupportClaims.REASON_MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < reason.length(); i++) {
            int type = Character.getType(reason.charAt(i));
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return null;
            }
        }
        if (EMAIL_LIKE.matcher(reason).find() || JWT_LIKE.matcher(reason).find()) {
            return null;
        }
        return reason;
    }

    public Uni<Response> license(SupportRequest request) {
        return forward(PrivateService.LICENSE, "/support/tenant", request);
    }

    public Uni<Response> reports(SupportRequest request, int page, int size) {
        return forward(PrivateService.REPORT, "/support/reports?page=" + page + "&size=" + size, request);
    }

    public Uni<Response> report(SupportRequest request, String reportId) {
        return forward(PrivateService.REPORT, "/support/reports/" + PathSegments.encode(reportId), request);
    }

    public Uni<Response> analyticsDaily(SupportRequest request, String from, String to) {
        StringBuilder path = new StringBuilder("/support/tenants/").append(PathSegments.encode(request.tenantId()))
                .append("/daily");
        String separator = "?";
        if (from != null) {
            path.append(separator).append("from=").append(from);
            separator = "&";
        }
        if (to != null) {
            path.append(separator).append("to=").append(to);
        }
        return forward(PrivateService.ANALYTICS, path.toString(), request);
    }

    private Uni<Response> forward(PrivateService service, String pathAndQuery, SupportRequest request) {
        String token = tokens.forSupport(service, request.tenantId(), request.caller().engineer(), request.reason(),
                request.ticket());
        return client.call(service, HttpMethod.GET, pathAndQuery, token, null, null)
                .map(upstream -> ProxyResponses.toResponse(service, upstream, retryAfterSeconds));
    }
}
