package io.pivotreport.license.service;

import io.pivotreport.license.model.LifecycleEvent;

/** A Forge lifecycle event ({@code installed} or {@code uninstalled}) as the gateway forwards it. */
public record ForgeLifecycle(LifecycleEvent event, long issuedAt, String installationId, String cloudId,
                             String environmentType, String environmentId, String appId) {
}
