package io.pivotreport.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw query string decoded the way a servlet container decodes form parameters: split on {@code &}, name and value
 * split on the first {@code =}, {@code +} is a space, {@code %XX} is UTF-8. A parameter without {@code =} has an empty
 * value; empty segments ({@code a=1&&b=2}) are skipped.
 */
final class FormQuery {
    static final String JWT_PARAMETER = "jwt";

    record Param(String name, String value) {
    }

    private FormQuery() {
    }

    /** @throws IllegalArgumentException with a fixed message when a percent escape is broken */
    static List<Param> parse(String rawQuery) {
        List<Param> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        int start = 0;
        int length = rawQuery.length();
        while (start <= length) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                String segment = rawQuery.substring(start, end);
                int equals = segment.indexOf('=');
                String name = equals < 0 ? segment : segment.substring(0, equals);
                String value = equals < 0 ? "" : segment.substring(equals + 1);
                params.add(new Param(decode(name), decode(value)));
            }
            start = end + 1;
        }
        return params;
    }

    private static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // URLDecoder's own message quotes the input; the input may hold a token.
            throw new IllegalArgumentException("query string has a broken percent escape");
        }
    }
}
