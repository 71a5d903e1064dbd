package io.pivotreport.gateway.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of one path segment: nothing a caller sends can add a segment or a query to an internal URL. */
public final class PathSegments {

    private PathSegments() {
    }

    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
