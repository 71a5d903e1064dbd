package io.pivotreport.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Configures a service under {@code @QuarkusTest} with the {@link TestKeys} pair: private services verify with the
 * public key, the gateway signs with the private key.
 *
 * <pre>{@code
 * @WithTestResource(InternalJwtTestResource.class)
 * }</pre>
 *
 * Returns {@code mp.jwt.verify.publickey.location}, {@code mp.jwt.verify.issuer=pivot-gateway},
 * {@code smallrye.jwt.sign.key.location}. Optional init arg {@code audience} adds {@code mp.jwt.verify.audiences}.
 */
public class InternalJwtTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: expected audience of the service under test. */
    public static final String AUDIENCE = "audience";

    private String audience;

    @Override
    public void init(Map<String, String> initArgs) {
        audience = initArgs.get(AUDIENCE);
    }

    @Override
    public Map<String, String> start() {
        String pub = TestKeys.publicKeyPem().toAbsolutePath().toString();
        String priv = TestKeys.privateKeyPem().toAbsolutePath().toString();
        if (audience == null || audience.isBlank()) {
            return Map.of("mp.jwt.verify.publickey.location", pub,
                    "mp.jwt.verify.issuer", InternalTokens.GATEWAY_ISSUER,
                    "smallrye.jwt.sign.key.location", priv);
        }
        return Map.of("mp.jwt.verify.publickey.location", pub,
                "mp.jwt.verify.issuer", InternalTokens.GATEWAY_ISSUER,
                "smallrye.jwt.sign.key.location", priv,
                "mp.jwt.verify.audiences", audience);
    }

    @Override
    public void stop() {
        // keys live for the JVM
    }
}
