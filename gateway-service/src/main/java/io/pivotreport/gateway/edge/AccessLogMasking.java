package io.pivotreport.gateway.edge;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The request target as it may appear in a log: the {@code jwt} parameter and anything shaped like a JWT replaced by
 * {@code ***}, length bounded. Authorization headers are never logged at all.
 */
public final class AccessLogMasking {

    static final String MASK = "***";
    private static final int MAX_LENGTH = 512;
    /** Three base64url parts: a token whatever the parameter is called. */
    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]{8,}(?:\\.|%2[Ee])[A-Za-z0-9_-]{8,}"
            + "(?:\\.|%2[Ee])[A-Za-z0-9_-]*");

    private AccessLogMasking() {
    }

    public static String target(String path, String rawQuery) {
        StringBuilder out = new StringBuilder(path == null ? "" : path);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            out.append('?');
            String[] pairs = rawQuery.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                if (i > 0) {
                    out.append('&');
                }
                out.append(maskPair(pairs[i]));
            }
        }
        String target = JWS.matcher(out).replaceAll(MASK);
        return target.length() > MAX_LENGTH ? target.substring(0, MAX_LENGTH) + "..." : target;
    }

    private static String maskPair(String pair) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        if (name.toLowerCase(Locale.ROOT).replace("%6a", "j").replace("%77", "w").replace("%74", "t").equals("jwt")) {
            return name + "=" + MASK;
        }
        return pair;
    }
}
