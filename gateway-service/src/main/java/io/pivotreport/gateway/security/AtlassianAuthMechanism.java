package io.pivotreport.gateway.security;

import io.pivotreport.auth.IncomingRequest;
import io.pivotreport.auth.TokenClass;
import io.pivotreport.gateway.config.GatewayConfig;
import io.pivotreport.platform.problem.Problem;
import io.pivotreport.platform.problem.ProblemException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's only authentication mechanism: verifies the request's Atlassian token as one of the classes the
 * matched route declares with {@link AcceptsToken}, before any resource code, filter or body reader of the route runs
 * (Quarkus runs it when the route's security check asks for the identity, right after matching). A route that
 * declares no class gets no identity, so its {@code @RolesAllowed} refuses every request. Support routes
 * ({@link AcceptsSupportToken}) get the support issuer's token verified instead, and only that.
 */
@ApplicationScoped
public class AtlassianAuthMechanism implements HttpAuthenticationMechanism {

    private final RouteTokens routes;
    private final String appKey;
    private final int maxLifecycleBody;
    private final String supportIssuer;

    public AtlassianAuthMechanism(RouteTokens routes, GatewayConfig config) {
        this.supportIssuer = config.support().issuer();
        this.routes = routes;
        this.appKey = config.appKey();
        this.maxLifecycleBody = config.lifecycle().maxBodyBytes();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (routes.currentIsSupport()) {
            // support routes take the support issuer's token and nothing else; no Atlassian verifier is tried
            return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                    new SupportTokenRequest(context.request().headers().getAll("Authorization"),
                            context.request().query()), context));
        }
        AcceptsToken accepts = routes.current();
        if (accepts == null) {
            return Uni.createFrom().nullItem();
        }
        Set<TokenClass> accepted = RouteTokens.classes(accepts);
        HttpServerRequest http = context.request();
        IncomingRequest request = new IncomingRequest(http.method().name(), http.path(), http.query(),
                http.headers().getAll("Authorization"), null);
        Uni<byte[]> body = accepted.contains(TokenClass.SIGNED_INSTALL)
                ? readBody(http, maxLifecycleBody) : Uni.createFrom().nullItem();
        return body.onItem().transformToUni(bytes -> {
            AuthenticationRequest credentials = HttpSecurityUtils.setRoutingContextAttribute(
                    new AtlassianTokenRequest(request, accepted, accepts.resolveTenant(), bytes), context);
            return identityProviderManager.authenticate(credentials);
        });
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (routes.currentIsSupport()) {
            return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", Challenges.support(supportIssuer)));
        }
        List<String> challenges = Challenges.forClasses(RouteTokens.classes(routes.current()), appKey);
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", challenges.get(0)));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(AtlassianTokenRequest.class, SupportTokenRequest.class);
    }

    /**
     * Reads a signed-install body once, bounded: the verifier must compare the token's {@code iss} with the body's
     * {@code clientKey}. The resource then reads the bytes from the {@link GatewayCaller}, never the stream again.
     */
    static Uni<byte[]> readBody(HttpServerRequest request, int maxBytes) {
        String declared = request.getHeader("Content-Length");
        if (declared != null && declared.matches("[0-9]{1,10}") && Long.parseLong(declared) > maxBytes) {
            return Uni.createFrom().failure(tooLarge());
        }
        if (request.isEnded()) {
            // Nothing left to read: the body went elsewhere, and waiting for it would hang the request.
            return Uni.createFrom().failure(new ProblemException(Problem.of(400, "unreadable-body", "Bad request",
                    "The request body could not be read")));
        }
        return Uni.createFrom().emitter(emitter -> {
            Buffer buffer = Buffer.buffer();
            AtomicBoolean done = new AtomicBoolean();
            request.handler(chunk -> {
                if (done.get()) {
                    return;
                }
                if (buffer.length() + chunk.length() > maxBytes) {
                    done.set(true);
                    request.pause();
                    emitter.fail(tooLarge());
                    return;
                }
                buffer.appendBuffer(chunk);
            });
            request.exceptionHandler(failure -> {
                if (done.compareAndSet(false, true)) {
                    emitter.fail(new ProblemException(Problem.of(400, "unreadable-body", "Bad request",
                            "The request body could not be read")));
                }
            });
            request.endHandler(ignored -> {
                if (done.compareAndSet(false, true)) {
                    emitter.complete(buffer.getBytes());
                }
            });
            request.resume();
        });
    }

    private static ProblemException tooLarge() {
        return new ProblemException(Problem.of(413, "payload-too-large", "Payload too large",
                "The request body is too large"));
    }
}
