package io.pivotreport.gateway.security;

import io.pivotreport.auth.IncomingRequest;
import io.pivotreport.auth.TokenClass;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

import java.util.Set;

/**
 * The credentials of one request for {@link AtlassianIdentityProvider}: the raw request parts the token is bound to,
 * the classes the matched route accepts and, for signed installs, the body read once by the mechanism.
 */
public final class AtlassianTokenRequest extends BaseAuthenticationRequest {

    private final IncomingRequest request;
    private final Set<TokenClass> accepted;
    private final boolean resolveTenant;
    private final byte[] body;

    public AtlassianTokenRequest(IncomingRequest request, Set<TokenClass> accepted, boolean resolveTenant,
                                 byte[] body) {
        this.request = request;
        this.accepted = Set.copyOf(accepted);
        this.resolveTenant = resolveTenant;
        this.body = body;
    }

    public IncomingRequest request() {
        return request;
    }

    public Set<TokenClass> accepted() {
        return accepted;
    }

    public boolean resolveTenant() {
        return resolveTenant;
    }

    public byte[] body() {
        return body;
    }

    @Override
    public String toString() {
        return "AtlassianTokenRequest" + accepted;
    }
}
