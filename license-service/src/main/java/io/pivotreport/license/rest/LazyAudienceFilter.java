package io.pivotreport.license.rest;

import io.pivotreport.platform.security.InternalAudienceFilter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * Workaround for platform-service (same as report-service's): Quarkus REST creates request-filter beans during static
 * init, before the runtime {@code @ConfigMapping} {@code InternalTokenConfig} that {@link InternalAudienceFilter}
 * injects exists, so start-up fails with SRCFG00027. As a normal-scoped alternative this bean is only a proxy at static
 * init and is created on the first request; the audience check itself is the library's, unchanged. Delete this class
 * once platform-service makes the filter normal-scoped or the mapping {@code @StaticInitSafe}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class LazyAudienceFilter extends InternalAudienceFilter {
}
