package io.pivotreport.auth;

import java.security.PublicKey;
import java.util.regex.Pattern;

/**
 * The RSA public key that signed a Connect install/uninstall callback, by {@code kid}. Production:
 * {@code new CachingInstallKeyProvider(HttpInstallKeyProvider.fromSettings(settings), clock)}.
 */
@FunctionalInterface
public interface InstallKeyProvider {

    /** Key ids become a URL path segment, so only a conservative alphabet is let through. */
    Pattern KID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    PublicKey publicKey(String kid) throws KeyUnavailableException;

    /** True when {@code kid} is safe to append to the install-keys URL: no '/', '%', '..', nor a lone '.'. */
    static boolean isWellFormedKid(String kid) {
        return kid != null && KID_PATTERN.matcher(kid).matches() && !kid.contains("..") && !".".equals(kid);
    }
}
