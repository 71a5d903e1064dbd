package io.pivotreport.gateway.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

import java.util.List;

/** The credentials of a support route: the request's {@code Authorization} headers (and the query, to refuse tokens in it). */
public final class SupportTokenRequest extends BaseAuthenticationRequest {

    private final List<String> authorizationHeaders;
    private final String rawQuery;

    public SupportTokenRequest(List<String> authorizationHeaders, String rawQuery) {
        this.authorizationHeaders = List.copyOf(authorizationHeaders);
        this.rawQuery = rawQuery;
    }

    /** The raw query, only to refuse a token in a {@code jwt} parameter. */
    public String rawQuery() {
        return rawQuery;
    }

    public List<String> authorizationHeaders() {
        return authorizationHeaders;
    }

    @Override
    public String toString() {
        return "SupportTokenRequest";
    }
}
