package io.pivotreport.auth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Atlassian's canonical request and query string hash ({@code qsh}), as in Atlassian's Java reference and proved
 * against the 78 official interop vectors.
 *
 * <pre>
 * canonical = METHOD '&amp;' path '&amp;' query
 *   METHOD  upper-cased
 *   path    raw (still percent-encoded) path, base path removed, one trailing '/' removed, "" becomes "/",
 *           '&amp;' becomes "%26"
 *   query   form-decoded parameters without "jwt"; names and values percent-encoded per RFC 3986 ("%20", "%2A",
 *           '~' kept); sorted by encoded name; repeated values sorted (by decoded value, as the vectors require)
 *           and joined with ','; pairs joined with '&amp;'
 * qsh       = lowercase hex SHA-256 of the UTF-8 canonical string
 * </pre>
 */
public final class CanonicalRequest {
    private static final HexFormat HEX = HexFormat.of();

    private CanonicalRequest() {
    }

    /**
     * @param method   HTTP method, any case
     * @param rawPath  the request path exactly as received (not decoded), e.g. {@code /app/issue%2Fpanel}
     * @param rawQuery the query string exactly as received, without {@code ?}; null or empty when there is none
     * @param basePath the app's base path (e.g. {@code /app}); null, empty or {@code /} when served from the root
     * @throws IllegalArgumentException when the query has a broken percent escape
     */
    public static String canonicalize(String method, String rawPath, String rawQuery, String basePath) {
        return canonicalize(method, rawPath, FormQuery.parse(rawQuery), basePath);
    }

    /** {@code qsh} of the request: lowercase hex SHA-256 of {@link #canonicalize}. */
    public static String qsh(String method, String rawPath, String rawQuery, String basePath) {
        return qsh(canonicalize(method, rawPath, rawQuery, basePath));
    }

    /** {@code qsh} of an already canonical request string. */
    public static String qsh(String canonicalRequest) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HEX.formatHex(sha256.digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    static String canonicalize(String method, String rawPath, List<FormQuery.Param> params, String basePath) {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("method is required");
        }
        return method.toUpperCase(Locale.ROOT) + '&' + canonicalPath(rawPath, normalizeBasePath(basePath)) + '&'
                + canonicalQuery(params);
    }

    /** "" for the root; otherwise a leading '/' and no trailing '/'. */
    static String normalizeBasePath(String basePath) {
        if (basePath == null || basePath.isBlank() || "/".equals(basePath)) {
            return "";
        }
        String normalized = basePath.startsWith("/") ? basePath : "/" + basePath;
        return AuthSettings.stripTrailingSlash(normalized);
    }

    private static String canonicalPath(String rawPath, String basePath) {
        String path = rawPath == null ? "" : rawPath;
        // Remove the base path only on a segment boundary: "/application" is not under "/app".
        if (!basePath.isEmpty() && (path.equals(basePath) || path.startsWith(basePath + "/"))) {
            path = path.substring(basePath.length());
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            return "/";
        }
        // An unencoded '&' in the path would make "/a&b=c?x" and "/a?b=c&x" hash alike.
        path = path.replace("&", "%26");
        return path.startsWith("/") ? path : "/" + path;
    }

    private static String canonicalQuery(List<FormQuery.Param> params) {
        Map<String, List<String>> byEncodedName = new TreeMap<>();
        for (FormQuery.Param param : params) {
            if (FormQuery.JWT_PARAMETER.equals(param.name())) {
                continue;
            }
            byEncodedName.computeIfAbsent(percentEncode(param.name()), name -> new ArrayList<>()).add(param.value());
        }
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, List<String>> entry : byEncodedName.entrySet()) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(entry.getKey()).append('=');
            List<String> values = entry.getValue();
            values.sort(null);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    query.append(',');
                }
                query.append(percentEncode(values.get(i)));
            }
        }
        return query.toString();
    }

    /** RFC 3986 unreserved characters stay, everything else is %XX of its UTF-8 bytes (OAuth 1 style). */
    static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }
}
