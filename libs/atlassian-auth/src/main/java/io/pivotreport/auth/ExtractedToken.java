package io.pivotreport.auth;

import java.util.Set;

/**
 * The single token found on a request and where it was found (a token repeated identically in several places is
 * still one token).
 */
public record ExtractedToken(String value, Set<Source> sources) {

    /** Where a token travels. */
    public enum Source {
        /** {@code Authorization: JWT <token>}: Connect. */
        AUTHORIZATION_JWT,
        /** {@code Authorization: Bearer <token>}: Forge Remote. */
        AUTHORIZATION_BEARER,
        /** {@code ?jwt=<token>}: Connect iframes. */
        QUERY_PARAMETER
    }

    public ExtractedToken {
        sources = Set.copyOf(sources);
    }

    @Override
    public String toString() {
        return "ExtractedToken" + sources;
    }
}
