package io.pivotreport.gateway.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.internal.InternalTokenMinter;
import io.pivotreport.gateway.internal.LicenseServiceClient;
import io.pivotreport.gateway.internal.PathSegments;
import io.pivotreport.gateway.internal.PrivateService;
import io.pivotreport.gateway.internal.PrivateServiceClient;
import io.pivotreport.gateway.security.GatewayCaller;
import io.pivotreport.gateway.tenant.LicensePolicy;
import io.pivotreport.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.io.IOException;

/**
 * The app API: resolves nothing from the request (tenant and account come from the verified caller), applies the
 * licence policy, mints a one-service internal token and forwards. No Atlassian token, cookie or {@code jwt}
 * parameter travels inward: requests to private services are built from scratch, not copied.
 */
@ApplicationScoped
public class ApiGateway {

    private static final ObjectMapper TREE = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final PrivateServiceClient client;
    private final InternalTokenMinter tokens;
    private final LicensePolicy licenses;
    private final LicenseServiceClient licenseService;
    private final int maxReportBytes;
    private final int retryAfterSeconds;

    public ApiGateway(PrivateServiceClient client, InternalTokenMinter tokens, LicensePolicy licenses,
                      LicenseServiceClient licenseService, GatewayConfig config) {
        this.client = client;
        this.tokens = tokens;
        this.licenses = licenses;
        this.licenseService = licenseService;
        this.maxReportBytes = config.reports().maxBodyBytes();
        this.retryAfterSeconds = config.services().retryAfterSeconds();
    }

    public Uni<Response> listReports(GatewayCaller caller, int page, int size) {
        return report(caller, HttpMethod.GET, "/reports?page=" + page + "&size=" + size, null, null);
    }

    public Uni<Response> createReport(GatewayCaller caller, byte[] body) {
        return report(caller, HttpMethod.POST, "/reports", json(body), null);
    }

    public Uni<Response> getReport(GatewayCaller caller, String id) {
        return report(caller, HttpMethod.GET, "/reports/" + PathSegments.encode(id), null, null);
    }

    public Uni<Response> updateReport(GatewayCaller caller, String id, byte[] body, String ifMatch) {
        return report(caller, HttpMethod.PUT, "/reports/" + PathSegments.encode(id), json(body), ifMatch);
    }

    public Uni<Response> deleteReport(GatewayCaller caller, String id) {
        return report(caller, HttpMethod.DELETE, "/reports/" + PathSegments.encode(id), null, null);
    }

    /** The licence as license-service has it; never refused for lack of a licence (the front end must show it). */
    public Uni<Response> license(GatewayCaller caller) {
        return licenseService.license(caller.tenantId(), caller.accountId())
                .map(upstream -> {
                    if (upstream.isSuccess()) {
                        licenses.remember(caller.tenantId(), upstream);
                    }
                    return ProxyResponses.toResponse(PrivateService.LICENSE, upstream, retryAfterSeconds);
                });
    }

    private Uni<Response> report(GatewayCaller caller, HttpMethod method, String path, Buffer body, String ifMatch) {
        return licenses.requireActive(caller)
                .chain(() -> client.call(PrivateService.REPORT, method, path,
                        tokens.forUser(PrivateService.REPORT, caller.tenantId(), caller.accountId()), body, ifMatch))
                .map(upstream -> ProxyResponses.toResponse(PrivateService.REPORT, upstream, retryAfterSeconds));
    }

    /** Well-formed JSON object within the size limit; its content is report-service's to judge. */
    private Buffer json(byte[] body) {
        BodyLimits.require(body, maxReportBytes);
        JsonNode node;
        try {
            node = TREE.readTree(body);
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-json", "The request body is not well-formed JSON");
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest("malformed-json", "The request body must be a JSON object");
        }
        return Buffer.buffer(body);
    }
}
