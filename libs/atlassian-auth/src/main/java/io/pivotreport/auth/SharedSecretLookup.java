package io.pivotreport.auth;

import java.util.Optional;

/**
 * Supplied by the caller: the shared secret a tenant received at install, by its {@code clientKey}. The secret is used
 * as raw UTF-8 bytes for HS256. Return empty for a tenant we do not know (the token is refused as
 * {@code unknown_issuer}); exceptions thrown here (store down) propagate unchanged.
 */
@FunctionalInterface
public interface SharedSecretLookup {
    Optional<String> sharedSecret(String clientKey);
}
