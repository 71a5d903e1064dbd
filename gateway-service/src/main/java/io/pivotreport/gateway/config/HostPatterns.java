package io.pivotreport.gateway.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which Atlassian sites the app serves. {@code *.atlassian.net} matches {@code acme.atlassian.net} and
 * {@code a.b.atlassian.net}, never {@code atlassian.net} itself nor {@code evil-atlassian.net}; any other entry is an
 * exact host. Only {@code https} base URLs on the default port qualify: a tenant is a real Atlassian site.
 */
public final class HostPatterns {

    private static final Pattern LABELS = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)+");
    private static final Pattern HOST = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*");

    private final List<String> patterns;

    public HostPatterns(List<String> patterns) {
        this.patterns = patterns.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).toList();
    }

    public static boolean isValidPattern(String pattern) {
        String p = pattern == null ? "" : pattern.trim().toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            return LABELS.matcher(p.substring(2)).matches();
        }
        return HOST.matcher(p).matches();
    }

    /** Whether a tenant base URL is an allowed Atlassian site. */
    public boolean allows(String baseUrl) {
        return origin(baseUrl).isPresent();
    }

    /**
     * The {@code https://host} origin of an allowed base URL, safe to put into a Content-Security-Policy (it is built
     * from a host that matched a pattern, never copied from the input).
     */
    public Optional<String> origin(String baseUrl) {
        if (baseUrl == null || baseUrl.length() > 512) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getRawUserInfo() != null || uri.getHost() == null
                || (uri.getPort() != -1 && uri.getPort() != 443) || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            return Optional.empty();
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!HOST.matcher(host).matches()) {
            return Optional.empty();
        }
        for (String pattern : patterns) {
            if (matches(pattern, host)) {
                return Optional.of("https://" + host);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String suffix = pattern.substring(1); // ".atlassian.net"
            return host.endsWith(suffix) && host.length() > suffix.length();
        }
        return host.equals(pattern);
    }
}
