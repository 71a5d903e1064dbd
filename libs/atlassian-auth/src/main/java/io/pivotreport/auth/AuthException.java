package io.pivotreport.auth;

import java.util.Objects;

/**
 * A refused token. The message is built only from the reason and a fixed detail chosen by this library, so it never
 * contains the token, a claim value or a secret; no cause from a parser is attached for the same reason.
 */
public final class AuthException extends Exception {
    private static final long serialVersionUID = 1L;

    private final AuthFailureReason reason;

    public AuthException(AuthFailureReason reason, String fixedDetail) {
        super(reason.code() + ": " + Objects.requireNonNull(fixedDetail, "fixedDetail"), null, false, false);
        this.reason = reason;
    }

    public AuthFailureReason reason() {
        return reason;
    }
}
