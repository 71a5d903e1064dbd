package io.pivotreport.gateway.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.platform.problem.Problem;
import io.pivotreport.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** The license-service calls of the internal API contract (docs/conventions.md), typed. */
@ApplicationScoped
public class LicenseServiceClient {

    /** Responses of a service we own: tolerant of fields added later, strict on what we read. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The only response that ever carries a shared secret; never printed. */
    public record ConnectVerification(String tenantId, String clientKey, String sharedSecret, String baseUrl,
                                      String state) {
        @Override
        public String toString() {
            return "ConnectVerification[state=" + state + "]";
        }
    }

    public record ForgeInstallation(String tenantId, String installationId, String cloudId, String state) {
        @Override
        public String toString() {
            return "ForgeInstallation[state=" + state + "]";
        }
    }

    public record LifecycleResult(String tenantId, String state, boolean applied) {
    }

    public record LicenseStatus(String status, Instant checkedAt) {
    }

    public record LicenseView(String tenantId, String state, LicenseStatus license) {
    }

    /** Body of {@code POST /internal/lifecycle/connect}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectLifecycleForward(String event, long issuedAt, String clientKey, String baseUrl,
                                          String displayUrl, String productType, String sharedSecret,
                                          String oauthClientId, String entitlementId, String entitlementNumber,
                                          String cloudId, String installationId, String description) {
        @Override
        public String toString() {
            return "ConnectLifecycleForward[" + event + "]";
        }
    }

    /** Body of {@code POST /internal/lifecycle/forge}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ForgeLifecycleForward(String event, long issuedAt, String installationId, String cloudId,
                                        String environmentType, String environmentId, String appId) {
        @Override
        public String toString() {
            return "ForgeLifecycleForward[" + event + "]";
        }
    }

    record LicenseCheck(String lic, String source) {
    }

    private final PrivateServiceClient client;
    private final InternalTokenMinter tokens;
    private final int retryAfterSeconds;

    public LicenseServiceClient(PrivateServiceClient client, InternalTokenMinter tokens, GatewayConfig config) {
        this.client = client;
        this.tokens = tokens;
        this.retryAfterSeconds = config.services().retryAfterSeconds();
    }

    public Uni<Optional<ConnectVerification>> connectVerification(String clientKey) {
        return client.call(PrivateService.LICENSE, HttpMethod.GET,
                        "/internal/tenants/connect/" + PathSegments.encode(clientKey) + "/verification",
                        tokens.forGateway(PrivateService.LICENSE, null), null, null)
                .map(response -> optional(response, ConnectVerification.class));
    }

    public Uni<Optional<ForgeInstallation>> forgeInstallation(String installationId) {
        return client.call(PrivateService.LICENSE, HttpMethod.GET,
                        "/internal/tenants/forge/" + PathSegments.encode(installationId),
                        tokens.forGateway(PrivateService.LICENSE, null), null, null)
                .map(response -> optional(response, ForgeInstallation.class));
    }

    public Uni<LifecycleResult> connectLifecycle(ConnectLifecycleForward body) {
        return post("/internal/lifecycle/connect", null, body)
                .map(response -> read(response, LifecycleResult.class));
    }

    public Uni<LifecycleResult> forgeLifecycle(ForgeLifecycleForward body) {
        return post("/internal/lifecycle/forge", null, body)
                .map(response -> read(response, LifecycleResult.class));
    }

    public Uni<Void> recordLicenseCheck(String tenantId, String lic, String source) {
        return post("/internal/license-checks", tenantId, new LicenseCheck(lic, source))
                .map(response -> {
                    if (!response.isSuccess()) {
                        throw UpstreamProblems.of(PrivateService.LICENSE, response, retryAfterSeconds);
                    }
                    return null;
                });
    }

    /** {@code GET /internal/license} as the user: the raw answer, for proxying. */
    public Uni<UpstreamResponse> license(String tenantId, String accountId) {
        return client.call(PrivateService.LICENSE, HttpMethod.GET, "/internal/license",
                tokens.forUser(PrivateService.LICENSE, tenantId, accountId), null, null);
    }

    /** Reads a successful {@link #license} answer. */
    public static LicenseView readLicense(UpstreamResponse response) {
        return parse(response, LicenseView.class);
    }

    private Uni<UpstreamResponse> post(String path, String tenantId, Object body) {
        Buffer json;
        try {
            json = Buffer.buffer(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot serialise an internal request"));
        }
        return client.call(PrivateService.LICENSE, HttpMethod.POST, path,
                tokens.forGateway(PrivateService.LICENSE, tenantId), json, null);
    }

    private <T> Optional<T> optional(UpstreamResponse response, Class<T> type) {
        if (response.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(response, type));
    }

    private <T> T read(UpstreamResponse response, Class<T> type) {
        if (!response.isSuccess()) {
            throw UpstreamProblems.of(PrivateService.LICENSE, response, retryAfterSeconds);
        }
        return parse(response, type);
    }

    private static <T> T parse(UpstreamResponse response, Class<T> type) {
        try {
            return JSON.readValue(response.bodyBytes(), type);
        } catch (IOException e) {
            throw new ProblemException(Problem.of(502, "bad-gateway", "Bad gateway",
                    "A service behind the gateway answered something unreadable"));
        }
    }
}
