package io.pivotreport.report.security;

import io.pivotreport.platform.security.InternalAudienceFilter;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * Workaround for platform-service: Quarkus REST creates request-filter beans during static init, when the runtime
 * {@code @ConfigMapping} {@code InternalTokenConfig} that {@link InternalAudienceFilter} injects does not exist yet, so
 * the application fails to start (SRCFG00027). As a normal-scoped alternative this bean is only a proxy at static init
 * and is created on the first request. The audience check itself is the library's, unchanged. Delete this class once
 * {@link InternalAudienceFilter} is normal-scoped (or reads its config lazily) in platform-service.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class LazyAudienceFilter extends InternalAudienceFilter {
}
