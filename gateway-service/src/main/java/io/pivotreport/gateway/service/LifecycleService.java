package io.pivotreport.gateway.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pivotreport.auth.VerifiedForgeToken;
import io.pivotreport.events.Violation;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.config.HostPatterns;
import io.pivotreport.gateway.internal.LicenseServiceClient;
import io.pivotreport.gateway.internal.LicenseServiceClient.ConnectLifecycleForward;
import io.pivotreport.gateway.internal.LicenseServiceClient.ForgeLifecycleForward;
import io.pivotreport.gateway.rest.ConnectLifecyclePayload;
import io.pivotreport.gateway.security.GatewayCaller;
import io.pivotreport.gateway.tenant.TenantDirectory;
import io.pivotreport.platform.problem.Problem;
import io.pivotreport.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lifecycle callbacks, verified by the mechanism, validated here and forwarded to license-service, the only owner of
 * tenant state. The answer waits for license-service (a 204 means the secret is stored), and the cached tenant is
 * dropped so the next request sees the new state.
 */
@ApplicationScoped
public class LifecycleService {

    private static final Logger LOG = Logger.getLogger(LifecycleService.class);
    private static final ObjectMapper TREE = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Map<String, String> FORGE_EVENTS = Map.of(
            "avi:forge:installed:app", "installed",
            "avi:forge:uninstalled:app", "uninstalled");

    private final LicenseServiceClient licenseService;
    private final TenantDirectory tenants;
    private final Validator validator;
    private final HostPatterns hosts;
    private final String appKey;
    private final int maxBodyBytes;

    public LifecycleService(LicenseServiceClient licenseService, TenantDirectory tenants, Validator validator,
                            GatewayConfig config) {
        this.licenseService = licenseService;
        this.tenants = tenants;
        this.validator = validator;
        this.hosts = new HostPatterns(config.allowedHostPatterns());
        this.appKey = config.appKey();
        this.maxBodyBytes = config.lifecycle().maxBodyBytes();
    }

    /**
     * A Connect callback. {@code installed} forwards the whole validated payload (with the secret); the other events
     * forward only what identifies them, because nothing but the token's path and issuer is signed by Atlassian on
     * enabled/disabled (their bodies could be altered by whoever replays the token).
     */
    public Uni<Void> connect(String event, GatewayCaller caller, byte[] body) {
        ConnectLifecyclePayload payload = parse(BodyLimits.require(body, maxBodyBytes));
        check(event, caller, payload);
        boolean installed = "installed".equals(event);
        ConnectLifecycleForward forward = installed
                ? new ConnectLifecycleForward(event, caller.issuedAt().getEpochSecond(), payload.clientKey(),
                payload.baseUrl(), payload.displayUrl(), payload.productType(), payload.sharedSecret(),
                payload.oauthClientId(), payload.entitlementId(), payload.entitlementNumber(), payload.cloudId(),
                payload.installationId(), payload.description())
                : new ConnectLifecycleForward(event, caller.issuedAt().getEpochSecond(), payload.clientKey(), null,
                null, null, null, null, null, null, null, null, null);
        return licenseService.connectLifecycle(forward)
                .invoke(result -> LOG.infof("Connect %s forwarded (applied=%s)", event, result.applied()))
                .eventually(() -> tenants.invalidateConnect(payload.clientKey()))
                .replaceWithVoid();
    }

    /** A Forge lifecycle event: the event type from the body, everything else from the verified token. */
    public Uni<Void> forge(GatewayCaller caller, byte[] body) {
        String event = forgeEvent(BodyLimits.require(body, maxBodyBytes));
        VerifiedForgeToken token = (VerifiedForgeToken) caller.token();
        ForgeLifecycleForward forward = new ForgeLifecycleForward(event, token.issuedAt().getEpochSecond(),
                token.installationId(), token.cloudId(), token.environmentType(), token.environmentId(),
                token.appId());
        return licenseService.forgeLifecycle(forward)
                .invoke(result -> LOG.infof("Forge %s forwarded (applied=%s)", event, result.applied()))
                .eventually(() -> tenants.invalidateForge(token.installationId()))
                .replaceWithVoid();
    }

    ConnectLifecyclePayload parse(byte[] body) {
        ConnectLifecyclePayload payload;
        try {
            payload = StrictJson.mapper().readValue(body, ConnectLifecyclePayload.class);
        } catch (IOException e) {
            // platform-service's mappers unwrap the Jackson failure into a 400 with the field path
            throw new BadRequestException(e);
        }
        if (payload == null) {
            throw ProblemException.badRequest("empty-body", "The request needs a JSON body");
        }
        Set<ConstraintViolation<ConnectLifecyclePayload>> violations = validator.validate(payload);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return payload;
    }

    private void check(String event, GatewayCaller caller, ConnectLifecyclePayload payload) {
        if (!event.equals(payload.eventType())) {
            throw ProblemException.validation(List.of(new Violation("/eventType", "does not match the callback")));
        }
        if (!appKey.equals(payload.key())) {
            throw ProblemException.validation(List.of(new Violation("/key", "is not this app's key")));
        }
        if ("installed".equals(event) && payload.sharedSecret() == null) {
            throw ProblemException.validation(List.of(new Violation("/sharedSecret", "is required")));
        }
        if (!payload.clientKey().equals(caller.clientKey())) {
            // The signed issuer names another tenant than the body: refuse rather than pick one.
            throw ProblemException.forbidden("The body names another tenant than the token");
        }
        if (!hosts.allows(payload.baseUrl())) {
            throw new ProblemException(Problem.of(403, "host-not-allowed", "Forbidden",
                    "The site's host is not one this app serves"));
        }
    }

    static String forgeEvent(byte[] body) {
        JsonNode node;
        try {
            node = TREE.readTree(body);
        } catch (IOException e) {
            throw ProblemException.badRequest("malformed-json", "The request body is not well-formed JSON");
        }
        JsonNode type = node == null || !node.isObject() ? null : node.get("eventType");
        String event = type != null && type.isTextual() ? FORGE_EVENTS.get(type.textValue()) : null;
        if (event == null) {
            throw ProblemException.validation(List.of(new Violation("/eventType",
                    "must be avi:forge:installed:app or avi:forge:uninstalled:app")));
        }
        return event;
    }
}
