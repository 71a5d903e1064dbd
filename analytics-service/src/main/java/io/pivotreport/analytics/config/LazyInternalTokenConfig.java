package io.pivotreport.analytics.config;

import io.pivotreport.platform.security.InternalTokenConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Workaround for platform-service: its {@code InternalAudienceFilter} is created while Quarkus REST deploys (static
 * init) and injects {@link InternalTokenConfig}, a runtime mapping without {@code @StaticInitSafe}, so start-up fails
 * with SRCFG00027. This alternative reads the same property ({@code pivot.internal-token.audience}, default
 * {@code quarkus.application.name}) on first use, which is at request time. Delete it once the shared library
 * annotates the mapping {@code @StaticInitSafe} (or injects it lazily).
 */
public class LazyInternalTokenConfig {

    @Produces
    @Alternative
    @Priority(1)
    @Singleton
    InternalTokenConfig internalTokenConfig() {
        return new InternalTokenConfig() {
            private volatile String audience;

            @Override
            public String audience() {
                String value = audience;
                if (value == null) {
                    var config = ConfigProvider.getConfig();
                    value = config.getOptionalValue("pivot.internal-token.audience", String.class)
                            .orElseGet(() -> config.getValue("quarkus.application.name", String.class));
                    audience = value;
                }
                return value;
            }
        };
    }
}
