package io.pivotreport.gateway.support;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A Jira Cloud site as the tests play it: clientKey, shared secret, base URL, one user. */
public record TestTenant(String clientKey, String sharedSecret, String baseUrl, String accountId) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static TestTenant random() {
        String site = "site-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] secret = new byte[33];
        RANDOM.nextBytes(secret);
        return new TestTenant("jira:" + UUID.randomUUID(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                "https://" + site + ".atlassian.net",
                "557058:" + UUID.randomUUID());
    }

    /** The same site with another baseUrl (e.g. a host the app does not serve). */
    public TestTenant withBaseUrl(String otherBaseUrl) {
        return new TestTenant(clientKey, sharedSecret, otherBaseUrl, accountId);
    }

    /** A second user of the same site. */
    public TestTenant withAccount(String otherAccountId) {
        return new TestTenant(clientKey, sharedSecret, baseUrl, otherAccountId);
    }

    /** The body Jira posts to a lifecycle callback. */
    public Map<String, Object> lifecycleBody(String eventType) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", GatewayTestEnvironment.APP_KEY);
        body.put("clientKey", clientKey);
        if ("installed".equals(eventType)) {
            body.put("sharedSecret", sharedSecret);
        }
        body.put("serverVersion", "100251");
        body.put("pluginsVersion", "1001.0.0-SNAPSHOT");
        body.put("baseUrl", baseUrl);
        body.put("displayUrl", baseUrl);
        body.put("productType", "jira");
        body.put("description", "Atlassian JIRA at " + baseUrl);
        body.put("entitlementId", UUID.randomUUID().toString());
        body.put("entitlementNumber", "E-" + RANDOM.nextInt(1_000_000));
        body.put("eventType", eventType);
        return body;
    }

    public String contextToken() {
        return AtlassianTokens.context(clientKey, accountId, sharedSecret);
    }

    @Override
    public String toString() {
        return "TestTenant[" + baseUrl + "]";
    }
}
