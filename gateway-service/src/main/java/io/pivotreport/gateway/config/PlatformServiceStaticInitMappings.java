package io.pivotreport.gateway.config;

import io.pivotreport.platform.security.InternalTokenConfig;
import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Local work-around for platform-service: its {@code InternalAudienceFilter} is instantiated while Quarkus REST is
 * set up (static init) and injects {@link InternalTokenConfig}, a mapping Quarkus registers for static init only when
 * it is {@code @StaticInitSafe}. Without this a packaged service stops at start-up with "SRCFG00027: Could not find a
 * mapping for InternalTokenConfig" (tests do not show it). Remove once platform-service annotates the mapping.
 */
@StaticInitSafe
public class PlatformServiceStaticInitMappings implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withMapping(InternalTokenConfig.class);
    }
}
