package io.pivotreport.gateway.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pivotreport.auth.AuthException;
import io.pivotreport.auth.AuthFailureReason;
import io.pivotreport.auth.IncomingRequest;
import io.pivotreport.auth.TokenClass;
import io.pivotreport.auth.VerifiedConnectToken;
import io.pivotreport.auth.VerifiedForgeToken;
import io.pivotreport.auth.VerifiedToken;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.gateway.config.HostPatterns;
import io.pivotreport.gateway.tenant.TenantDirectory;
import io.pivotreport.gateway.tenant.TenantDirectory.ConnectTenant;
import io.pivotreport.gateway.tenant.TenantDirectory.ForgeTenant;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies an Atlassian token as the class its route declares and turns it into an identity: roles from
 * {@link GatewayRoles}, the {@link GatewayCaller} as an attribute. Runs on a worker thread (key fetches and secret
 * look-ups block); a known tenant costs no remote call.
 */
@ApplicationScoped
public class AtlassianIdentityProvider implements IdentityProvider<AtlassianTokenRequest> {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final TokenVerifiers verifiers;
    private final TenantDirectory tenants;
    private final AuthFailureMetrics metrics;
    private final HostPatterns hosts;

    public AtlassianIdentityProvider(TokenVerifiers verifiers, TenantDirectory tenants, AuthFailureMetrics metrics,
                                     GatewayConfig config) {
        this.verifiers = verifiers;
        this.tenants = tenants;
        this.metrics = metrics;
        this.hosts = new HostPatterns(config.allowedHostPatterns());
    }

    @Override
    public Class<AtlassianTokenRequest> getRequestType() {
        return AtlassianTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(AtlassianTokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> verify(request));
    }

    SecurityIdentity verify(AtlassianTokenRequest request) {
        TokenClass tokenClass = chooseClass(request.accepted(), request.request());
        try {
            IncomingRequest incoming = request.request();
            if (tokenClass == TokenClass.SIGNED_INSTALL) {
                incoming = incoming.withBodyClientKey(clientKeyOf(request.body()));
            }
            VerifiedToken token = verifiers.verify(tokenClass, incoming);
            if (tokenClass == TokenClass.CONTEXT && hasJwtParameter(incoming.rawQuery())) {
                // Our own front end sends context tokens in the Authorization header; a token in a URL ends up in
                // browser history and proxy logs, so the API does not take one there.
                throw new AuthException(AuthFailureReason.WRONG_CLASS, "context token in the URL");
            }
            return identity(tokenClass, token, request);
        } catch (AuthException e) {
            metrics.record(tokenClass, e.reason());
            throw AtlassianAuthenticationException.of(e.reason(), request.accepted());
        }
    }

    /**
     * The class to verify as: Forge when the route takes Forge and the request carries a Bearer header (or the route
     * takes nothing else), otherwise the route's one Connect class. Every other class then fails in that verifier.
     */
    static TokenClass chooseClass(Set<TokenClass> accepted, IncomingRequest request) {
        boolean bearer = request.authorizationHeaders().stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT))
                .anyMatch(h -> h.startsWith("bearer ") || h.startsWith("bearer\t"));
        if (accepted.contains(TokenClass.FORGE_INVOCATION) && (bearer || accepted.size() == 1)) {
            return TokenClass.FORGE_INVOCATION;
        }
        return accepted.stream().filter(c -> c != TokenClass.FORGE_INVOCATION).findFirst()
                .orElse(TokenClass.FORGE_INVOCATION);
    }

    private SecurityIdentity identity(TokenClass tokenClass, VerifiedToken token, AtlassianTokenRequest request)
            throws AuthException {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(AuthFailureMetrics.tag(tokenClass)));
        GatewayCaller caller;
        if (token instanceof VerifiedConnectToken connect) {
            caller = connectCaller(tokenClass, connect, request, identity);
        } else if (token instanceof VerifiedForgeToken forge) {
            caller = forgeCaller(forge, request, identity);
        } else {
            throw new AuthException(AuthFailureReason.WRONG_CLASS, "unexpected token type");
        }
        return identity.addAttribute(GatewayCaller.ATTRIBUTE, caller).build();
    }

    private GatewayCaller connectCaller(TokenClass tokenClass, VerifiedConnectToken token,
                                        AtlassianTokenRequest request, QuarkusSecurityIdentity.Builder identity)
            throws AuthException {
        if (tokenClass == TokenClass.SIGNED_INSTALL) {
            // The tenant may not exist yet: license-service creates it from this very callback.
            identity.addRole(GatewayRoles.TENANT_HOST);
            return new GatewayCaller(tokenClass, null, token.clientKey(), null, null, null, token.issuedAt(), token,
                    request.body(), null);
        }
        // Verification succeeded, so the tenant was just read (and cached) for its secret.
        ConnectTenant tenant = tenants.connect(token.clientKey())
                .orElseThrow(() -> new AuthException(AuthFailureReason.UNKNOWN_ISSUER, "issuer is not a tenant"));
        if (tokenClass == TokenClass.HOST) {
            identity.addRole(GatewayRoles.TENANT_HOST);
        }
        if (token.accountId() != null && tenant.active()) {
            identity.addRole(GatewayRoles.TENANT_USER);
        }
        return new GatewayCaller(tokenClass, tenant.tenantId(), token.clientKey(), null, token.accountId(),
                hosts.origin(tenant.baseUrl()).orElse(null), token.issuedAt(), token, null, null);
    }

    private GatewayCaller forgeCaller(VerifiedForgeToken token, AtlassianTokenRequest request,
                                      QuarkusSecurityIdentity.Builder identity) {
        identity.addRole(GatewayRoles.FORGE_INSTALLATION);
        String tenantId = null;
        if (request.resolveTenant()) {
            Optional<ForgeTenant> tenant = tenants.forge(token.installationId());
            if (tenant.isPresent()) {
                tenantId = tenant.get().tenantId();
                if (token.principalAccountId() != null && tenant.get().active()) {
                    identity.addRole(GatewayRoles.TENANT_USER);
                }
            }
        }
        return new GatewayCaller(TokenClass.FORGE_INVOCATION, tenantId, null, token.installationId(),
                token.principalAccountId(), null, token.issuedAt(), token, null,
                token.licenseActive());
    }

    static boolean hasJwtParameter(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            try {
                if ("jwt".equals(java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8))) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return true; // undecodable: treat as suspicious, the verifier already accepted the query
            }
        }
        return false;
    }

    /**
     * The {@code clientKey} of a lifecycle body, read only to pick the verification key; the full strict validation
     * happens in the resource. Duplicate members are refused so the body cannot name two tenants.
     */
    static String clientKeyOf(byte[] body) throws AuthException {
        if (body == null || body.length == 0) {
            throw new AuthException(AuthFailureReason.MALFORMED, "lifecycle body is empty");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (IOException e) {
            throw new AuthException(AuthFailureReason.MALFORMED, "lifecycle body is not JSON");
        }
        JsonNode clientKey = node == null ? null : node.get("clientKey");
        if (clientKey == null || !clientKey.isTextual()) {
            throw new AuthException(AuthFailureReason.MALFORMED, "lifecycle body has no clientKey");
        }
        return clientKey.textValue();
    }
}
