package io.pivotreport.auth;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the one token on a request, from {@code Authorization: JWT …}, {@code Authorization: Bearer …} and the
 * {@code jwt} query parameter. Two different tokens on one request are refused rather than choosing one: a proxy or
 * client that adds its own could otherwise make us verify one token and act on another.
 */
public final class TokenExtractor {
    private static final String JWT_SCHEME = "jwt";
    private static final String BEARER_SCHEME = "bearer";

    private final int maxTokenBytes;

    public TokenExtractor(int maxTokenBytes) {
        if (maxTokenBytes <= 0) {
            throw new IllegalArgumentException("maxTokenBytes must be positive");
        }
        this.maxTokenBytes = maxTokenBytes;
    }

    /** Extracts from the query string parsed here. */
    public ExtractedToken extract(IncomingRequest request) throws AuthException {
        return extract(request, parseQuery(request.rawQuery()));
    }

    /** Extracts from an already parsed query, so verifiers decode the query once for both token and qsh. */
    ExtractedToken extract(IncomingRequest request, List<FormQuery.Param> query) throws AuthException {
        List<String> values = new ArrayList<>(2);
        Set<ExtractedToken.Source> sources = EnumSet.noneOf(ExtractedToken.Source.class);

        for (String header : request.authorizationHeaders()) {
            String trimmed = header.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int space = indexOfWhitespace(trimmed);
            if (space < 0) {
                throw new AuthException(AuthFailureReason.MALFORMED, "Authorization header has no scheme");
            }
            String scheme = trimmed.substring(0, space).toLowerCase(Locale.ROOT);
            String token = trimmed.substring(space + 1).strip();
            if (JWT_SCHEME.equals(scheme)) {
                sources.add(ExtractedToken.Source.AUTHORIZATION_JWT);
            } else if (BEARER_SCHEME.equals(scheme)) {
                sources.add(ExtractedToken.Source.AUTHORIZATION_BEARER);
            } else {
                throw new AuthException(AuthFailureReason.MALFORMED, "unsupported Authorization scheme");
            }
            values.add(checked(token));
        }
        for (FormQuery.Param param : query) {
            if (FormQuery.JWT_PARAMETER.equals(param.name())) {
                sources.add(ExtractedToken.Source.QUERY_PARAMETER);
                values.add(checked(param.value()));
            }
        }

        if (values.isEmpty()) {
            throw new AuthException(AuthFailureReason.MISSING, "no token on the request");
        }
        String first = values.get(0);
        for (int i = 1; i < values.size(); i++) {
            if (!first.equals(values.get(i))) {
                throw new AuthException(AuthFailureReason.MULTIPLE_TOKENS, "request carries more than one token");
            }
        }
        return new ExtractedToken(first, sources);
    }

    static List<FormQuery.Param> parseQuery(String rawQuery) throws AuthException {
        try {
            return FormQuery.parse(rawQuery);
        } catch (IllegalArgumentException e) {
            throw new AuthException(AuthFailureReason.MALFORMED, "query string is not form-encoded");
        }
    }

    private String checked(String token) throws AuthException {
        // Size first: nothing longer than the limit is looked at any further.
        if (token.length() > maxTokenBytes) {
            throw new AuthException(AuthFailureReason.TOO_LARGE, "token exceeds the size limit");
        }
        if (token.isEmpty()) {
            throw new AuthException(AuthFailureReason.MALFORMED, "empty token");
        }
        // Compact JWS is base64url and dots only, so its length in chars is its length in bytes.
        for (int i = 0; i < token.length(); i++) {
            if (!isCompactJwsChar(token.charAt(i))) {
                throw new AuthException(AuthFailureReason.MALFORMED, "token has characters outside base64url");
            }
        }
        return token;
    }

    private static boolean isCompactJwsChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.';
    }

    private static int indexOfWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
