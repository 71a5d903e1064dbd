package io.pivotreport.license.service;

import io.pivotreport.license.model.LifecycleEvent;

/** A Connect lifecycle event as the gateway forwards it after verifying Atlassian's token. */
public record ConnectLifecycle(LifecycleEvent event, long issuedAt, String clientKey, String baseUrl, String displayUrl,
                               String productType, String sharedSecret, String oauthClientId, String entitlementId,
                               String entitlementNumber, String cloudId, String installationId) {

    @Override
    public String toString() {
        // the secret must not reach a log line through a careless toString()
        return "ConnectLifecycle[event=" + event + ", issuedAt=" + issuedAt + "]";
    }
}
