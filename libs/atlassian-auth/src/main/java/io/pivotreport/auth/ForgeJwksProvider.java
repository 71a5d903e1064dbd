package io.pivotreport.auth;

import java.security.PublicKey;

/**
 * The RSA public key that signed a Forge invocation token, by {@code kid}, from Forge's JWKS. Production:
 * {@link HttpForgeJwksProvider#fromSettings(AuthSettings, java.time.Clock)}.
 */
@FunctionalInterface
public interface ForgeJwksProvider {
    PublicKey publicKey(String kid) throws KeyUnavailableException;
}
