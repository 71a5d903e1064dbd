package io.pivotreport.auth;

/**
 * Why a token was refused. Each reason has a fixed lowercase {@link #code()} that is safe to use as a metric tag or a
 * log field: it never carries request data.
 */
public enum AuthFailureReason {
    /** No token on the request. */
    MISSING("missing"),
    /** Not a compact JWS, unparseable header or claims, a required claim absent or of the wrong type. */
    MALFORMED("malformed"),
    /** The signature does not verify with the key of the claimed issuer. */
    BAD_SIGNATURE("bad_signature"),
    /** {@code exp} is in the past, beyond the leeway. */
    EXPIRED("expired"),
    /** {@code iat} or {@code nbf} is in the future, beyond the leeway. */
    NOT_YET_VALID("not_yet_valid"),
    /** The {@code qsh} claim does not match the request it came with. */
    QSH_MISMATCH("qsh_mismatch"),
    /** The issuer is not a tenant we know, or not the issuer this route expects. */
    UNKNOWN_ISSUER("unknown_issuer"),
    /** {@code aud} does not name us. */
    WRONG_AUDIENCE("wrong_audience"),
    /** A valid-looking token of another class than the one the route accepts. */
    WRONG_CLASS("wrong_class"),
    /** The verification key could not be obtained (key server down, unknown key id, unparseable key). */
    KEY_UNAVAILABLE("key_unavailable"),
    /** {@code alg} is {@code none} or not the single algorithm of the route's token class. */
    ALGORITHM_NOT_ALLOWED("algorithm_not_allowed"),
    /** The token exceeds the configured size limit; it was not parsed. */
    TOO_LARGE("too_large"),
    /** The request carries more than one distinct token. */
    MULTIPLE_TOKENS("multiple_tokens"),
    /** The {@code kid} header is missing or not a safe key id. */
    INVALID_KID("invalid_kid");

    private final String code;

    AuthFailureReason(String code) {
        this.code = code;
    }

    /** Stable lowercase identifier for metrics and logs. Never changes once released. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
