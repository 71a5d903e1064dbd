package io.pivotreport.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How a private service recognises tokens meant for it. Signature, issuer and lifetime are checked by SmallRye JWT
 * ({@code mp.jwt.verify.publickey.location}, {@code mp.jwt.verify.issuer}); the audience is checked here so that a
 * valid token for another service is a 403 that is counted, not an anonymous 401.
 */
@ConfigMapping(prefix = "pivot.internal-token")
public interface InternalTokenConfig {

    /** This service's audience, e.g. {@code report-service}; defaults to the application name. */
    @WithDefault("${quarkus.application.name}")
    String audience();
}
