package io.pivotreport.auth;

/**
 * A verification key could not be had: fetch failed or timed out, the key id is unknown, or the key did not parse.
 * Verifiers turn it into {@link AuthFailureReason#KEY_UNAVAILABLE}. Messages are fixed texts of this library.
 */
public final class KeyUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyUnavailableException(String fixedDetail) {
        super(fixedDetail, null, false, false);
    }
}
