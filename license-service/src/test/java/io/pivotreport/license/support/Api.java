package io.pivotreport.license.support;

import io.pivotreport.platform.security.Roles;
import io.pivotreport.test.InternalTokens;
import io.pivotreport.test.Pem;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Calls license-service the way the gateway does: with a fresh internal token. */
public final class Api {

    public static final String AUDIENCE = "license-service";

    private Api() {
    }

    private static volatile PrivateKey signingKey;

    /**
     * The private key of the pair the service verifies with, read from the file InternalJwtTestResource named in
     * {@code smallrye.jwt.sign.key.location}. Not {@code TestKeys.privateKey()}: the test resource may run in another
     * class loader, whose {@code TestKeys} generated a different pair.
     */
    public static PrivateKey signingKey() {
        PrivateKey key = signingKey;
        if (key == null) {
            String location = ConfigProvider.getConfig().getValue("smallrye.jwt.sign.key.location", String.class);
            try {
                key = Pem.readRsaPrivateKey(Path.of(location));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the test signing key", e);
            }
            signingKey = key;
        }
        return key;
    }

    /** A token as the gateway mints it, with the key the service trusts. */
    public static String token(String issuer, String audience, String tenant, String account, Set<String> roles,
                               Duration ttl) {
        return InternalTokens.mintWith(signingKey(), issuer, audience, tenant, account, roles, ttl);
    }

    public static String gatewayToken() {
        return token(InternalTokens.GATEWAY_ISSUER, AUDIENCE, null, null, Set.of(Roles.GATEWAY), Duration.ofSeconds(60));
    }

    public static String gatewayToken(UUID tenant) {
        return token(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant.toString(), null, Set.of(Roles.GATEWAY),
                Duration.ofSeconds(60));
    }

    public static String appUserToken(UUID tenant) {
        return token(InternalTokens.GATEWAY_ISSUER, AUDIENCE, tenant.toString(), "557058:" + UUID.randomUUID(),
                Set.of(Roles.APP_USER), Duration.ofSeconds(60));
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A Connect lifecycle body with every field the contract names. */
    public static Map<String, Object> connectEvent(String event, long issuedAt, String clientKey, String baseUrl,
                                                   String sharedSecret) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("issuedAt", issuedAt);
        body.put("clientKey", clientKey);
        body.put("baseUrl", baseUrl);
        body.put("displayUrl", baseUrl);
        body.put("productType", "jira");
        if (sharedSecret != null) {
            body.put("sharedSecret", sharedSecret);
        }
        body.put("oauthClientId", "oauth-" + clientKey);
        body.put("entitlementId", "ent-" + clientKey);
        body.put("entitlementNumber", "SEN-" + Math.abs(clientKey.hashCode()));
        body.put("cloudId", "cloud-" + clientKey);
        body.put("installationId", "ari:cloud:ecosystem::installation/" + UUID.nameUUIDFromBytes(clientKey.getBytes()));
        body.put("description", "Atlassian JIRA at " + baseUrl);
        return body;
    }

    public static ValidatableResponse postConnect(Map<String, Object> body) {
        return as(gatewayToken()).body(body).post("/internal/lifecycle/connect").then();
    }

    public static UUID install(String clientKey, String baseUrl, String secret, long issuedAt) {
        return UUID.fromString(postConnect(connectEvent("installed", issuedAt, clientKey, baseUrl, secret))
                .statusCode(200).extract().path("tenantId"));
    }

    public static ValidatableResponse connect(String event, long issuedAt, String clientKey) {
        return postConnect(connectEvent(event, issuedAt, clientKey, "https://unused.atlassian.net", null));
    }

    public static ValidatableResponse verification(String clientKey) {
        return as(gatewayToken()).get("/internal/tenants/connect/{clientKey}/verification", clientKey).then();
    }

    public static String newClientKey() {
        return "client-" + UUID.randomUUID();
    }

    public static String newSecret() {
        return "secret-" + UUID.randomUUID().toString().replace("-", "") + "-" + UUID.randomUUID();
    }

    public static String newBaseUrl() {
        return "https://site-" + UUID.randomUUID().toString().substring(0, 8) + ".atlassian.net";
    }
}
