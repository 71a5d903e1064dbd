package io.pivotreport.gateway.edge;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request target as it may appear in a log: its shape, never its free text. A path segment stays only when it is
 * a word of the gateway's own routes or a UUID (report and tenant ids are random, not personal); anything else becomes
 * {@code *}. A query keeps the values of a few parameters that are ids or fixed tokens ({@code page}, {@code lic}, …),
 * masks the values of the ones Jira sends that may identify a site or carry a token, and only counts the rest ({@code (+2)}): a
 * caller can put a name, an e-mail address or an issue summary into any segment or parameter, and the private-data
 * sweep proved that logging the raw target ships it to Loki.
 */
public final class AccessLogMasking {

    static final String MASK = "***";
    static final String OTHER_SEGMENT = "*";
    private static final int MAX_LENGTH = 512;

    /** Every literal segment of the gateway's routes (rest/*Resource, the page and static assets). */
    private static final Set<String> ROUTE_WORDS = Set.of("atlassian-connect.json", "pages", "pivot-report", "lifecycle",
            "installed", "uninstalled", "enabled", "disabled", "forge", "api", "reports", "events", "license", "support",
            "tenants", "analytics", "daily", "assets", "q", "health", "live", "ready", "metrics");

    /** Parameters whose values are numbers, dates or fixed tokens: useful to support, never personal. */
    private static final Set<String> VALUE_PARAMETERS = Set.of("page", "size", "lic", "cv", "ptv", "from", "to");

    /** Parameters Jira sends whose values are tokens or identify a site or user context: named, value masked. */
    private static final Set<String> MASKED_PARAMETERS = Set.of("jwt", "xdm_e", "xdm_c", "cp", "tz", "loc",
            "user_id", "user_key", "xdm_deprecated_addon_key_do_not_use");

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_.:-]{0,40}");

    private AccessLogMasking() {
    }

    public static String target(String path, String rawQuery) {
        StringBuilder out = new StringBuilder();
        appendPath(out, path == null ? "" : path);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            appendQuery(out, rawQuery);
        }
        return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH) + "..." : out.toString();
    }

    private static void appendPath(StringBuilder out, String path) {
        if (path.isEmpty()) {
            out.append('/');
            return;
        }
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            out.append('/');
            if (segment.isEmpty() || ROUTE_WORDS.contains(segment) || UUID.matcher(segment).matches()) {
                out.append(segment);
            } else {
                out.append(OTHER_SEGMENT);
            }
        }
    }

    private static void appendQuery(StringBuilder out, String rawQuery) {
        int others = 0;
        char separator = '?';
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = normalisedName(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (VALUE_PARAMETERS.contains(name)) {
                out.append(separator).append(name).append('=')
                        .append(SAFE_VALUE.matcher(value).matches() ? value : MASK);
            } else if (MASKED_PARAMETERS.contains(name)) {
                out.append(separator).append(name).append('=').append(MASK);
            } else {
                others++;
                continue;
            }
            separator = '&';
        }
        if (others > 0) {
            // counted, not named: a parameter name is caller text too (no spaces: the line stays space-separated)
            out.append(separator).append("(+").append(others).append(')');
        }
    }

    /** Lower case with the percent-encoded letters of our names decoded, so {@code %6Awt} is {@code jwt}. */
    private static String normalisedName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.indexOf('%') < 0) {
            return lower;
        }
        StringBuilder decoded = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '%' && i + 2 < lower.length()) {
                int high = Character.digit(lower.charAt(i + 1), 16);
                int low = Character.digit(lower.charAt(i + 2), 16);
                int code = high * 16 + low;
                if (high >= 0 && low >= 0 && code >= 0x20 && code < 0x7f) {
                    decoded.append((char) code);
                    i += 2;
                    continue;
                }
            }
            decoded.append(c);
        }
        return decoded.toString();
    }
}
