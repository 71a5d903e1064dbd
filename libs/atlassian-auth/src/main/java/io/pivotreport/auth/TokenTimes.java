package io.pivotreport.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** {@code iat}/{@code exp} (both required) and {@code nbf} (optional) checked against an injected clock. */
record TokenTimes(Instant issuedAt, Instant expiresAt) {

    static TokenTimes check(JsonNode claims, Clock clock, Duration leeway) throws AuthException {
        long expMillis = requiredEpochMillis(claims, "exp");
        long iatMillis = requiredEpochMillis(claims, "iat");
        long nowMillis = clock.millis();
        long leewayMillis = leeway.toMillis();
        if (nowMillis - leewayMillis >= expMillis) {
            throw new AuthException(AuthFailureReason.EXPIRED, "token expired");
        }
        if (iatMillis - leewayMillis > nowMillis) {
            throw new AuthException(AuthFailureReason.NOT_YET_VALID, "token issued in the future");
        }
        if (claims.has("nbf") && epochMillis(claims.get("nbf")) - leewayMillis > nowMillis) {
            throw new AuthException(AuthFailureReason.NOT_YET_VALID, "token not valid yet");
        }
        return new TokenTimes(Instant.ofEpochMilli(iatMillis), Instant.ofEpochMilli(expMillis));
    }

    private static long requiredEpochMillis(JsonNode claims, String name) throws AuthException {
        JsonNode value = claims.get(name);
        if (value == null || value.isNull()) {
            throw new AuthException(AuthFailureReason.MALFORMED, "required claim missing: " + name);
        }
        return epochMillis(value);
    }

    /** NumericDate: seconds since the epoch, integral or not. Nonsense (strings, overflow) is malformed. */
    private static long epochMillis(JsonNode value) throws AuthException {
        // Far beyond any real token, and small enough that the millisecond arithmetic above cannot overflow.
        double maxSeconds = 1e12;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            long seconds = value.longValue();
            if (Math.abs(seconds) <= maxSeconds) {
                return seconds * 1000;
            }
        } else if (value.isFloatingPointNumber()) {
            double seconds = value.doubleValue();
            if (Double.isFinite(seconds) && Math.abs(seconds) <= maxSeconds) {
                return (long) Math.floor(seconds * 1000);
            }
        }
        throw new AuthException(AuthFailureReason.MALFORMED, "time claim is not a NumericDate");
    }
}
