package io.pivotreport.systemtest.harness;

import io.pivotreport.auth.CanonicalRequest;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Jira Cloud site with the app, played the way Jira plays it: lifecycle callbacks with signed installs and host
 * tokens, the general page with a host token over its full query, app API calls with context tokens.
 *
 * @param clientKey    the site's Connect client key
 * @param sharedSecret the secret Jira hands over on install
 * @param baseUrl      {@code https://<site>.atlassian.net}
 * @param accountId    the user making calls
 */
public record JiraSite(String clientKey, String sharedSecret, String baseUrl, String accountId) {

    public static final String APP_KEY = "io.pivotreport.pivot-report";
    public static final String PAGE_PATH = "/pages/pivot-report";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static JiraSite random() {
        byte[] secret = new byte[33];
        RANDOM.nextBytes(secret);
        String site = "st-" + UUID.randomUUID().toString().substring(0, 12);
        return new JiraSite("jira:" + UUID.randomUUID(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                "https://" + site + ".atlassian.net", "557058:" + UUID.randomUUID());
    }

    /** Another user of the same site. */
    public JiraSite as(String otherAccountId) {
        return new JiraSite(clientKey, sharedSecret, baseUrl, otherAccountId);
    }

    /** The body Jira posts to a lifecycle callback. */
    public Map<String, Object> lifecycleBody(String eventType) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", APP_KEY);
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

    /** RS256 signed install for {@code POST path}: {@code aud} = the app's base URL, {@code kid} of the key service. */
    public String signedInstallToken(SystemUnderTest system, String path) {
        Map<String, Object> claims = Jwt.claims(clientKey, null, 180);
        claims.put("aud", system.appBaseUrl());
        claims.put("qsh", CanonicalRequest.qsh("POST", path, null, ""));
        return Jwt.rs256(claims, system.atlassian().installKeys().getPrivate(), AtlassianFake.INSTALL_KID);
    }

    /** HS256 host token bound to {@code method path?query} (Jira's iframe and enable/disable callbacks). */
    public String hostToken(String method, String path, String query, String account) {
        Map<String, Object> claims = Jwt.claims(clientKey, account, 180);
        claims.put("qsh", CanonicalRequest.qsh(method, path, query, ""));
        return Jwt.hs256(claims, sharedSecret);
    }

    /** HS256 context token ({@code qsh = context-qsh}) of {@link #accountId()}: the app's own API calls. */
    public String contextToken() {
        return contextToken(180);
    }

    public String contextToken(long ttlSeconds) {
        Map<String, Object> claims = Jwt.claims(clientKey, accountId, ttlSeconds);
        claims.put("qsh", "context-qsh");
        return Jwt.hs256(claims, sharedSecret);
    }

    public Http.Answer lifecycle(SystemUnderTest system, String event, Map<String, Object> body) {
        String path = "/lifecycle/" + event;
        if ("installed".equals(event)) {
            // Atlassian knows every installation's secret: license-service's reports for this site must verify
            system.personalData().registerTenant(clientKey, sharedSecret);
        }
        String token = "installed".equals(event) || "uninstalled".equals(event)
                ? signedInstallToken(system, path) : hostToken("POST", path, null, null);
        return system.gateway().post(path).jwt(token).json(body).send();
    }

    public Http.Answer install(SystemUnderTest system) {
        return lifecycle(system, "installed", lifecycleBody("installed"));
    }

    public Http.Answer enable(SystemUnderTest system) {
        return lifecycle(system, "enabled", lifecycleBody("enabled"));
    }

    public Http.Answer uninstall(SystemUnderTest system) {
        return lifecycle(system, "uninstalled", lifecycleBody("uninstalled"));
    }

    /** The page query Jira appends to a general page's URL, {@code lic} first. */
    public String pageQuery(String lic) {
        return "lic=" + lic + "&" + String.join("&", List.of(
                "xdm_e=" + baseUrl.replace(":", "%3A").replace("/", "%2F"),
                "xdm_c=channel-io.pivotreport.pivot-report__pivot-report",
                "cp=",
                "xdm_deprecated_addon_key_do_not_use=io.pivotreport.pivot-report",
                "tz=Europe%2FZurich",
                "loc=en-GB",
                "user_id=",
                "cv=1001.0.0-SNAPSHOT"));
    }

    /** Loads the general page as Jira's iframe does: the host token over the full query, in {@code jwt}. */
    public Http.Answer loadPage(SystemUnderTest system, String lic) {
        String query = pageQuery(lic);
        return system.gateway().get(PAGE_PATH + "?" + query + "&jwt=" + hostToken("GET", PAGE_PATH, query, accountId))
                .send();
    }

    /** Installed, enabled and licensed (a page load with {@code lic=active}): ready for the app API. */
    public JiraSite onboard(SystemUnderTest system) {
        expect(install(system), 204, "install");
        expect(enable(system), 204, "enable");
        expect(loadPage(system, "active"), 200, "page load");
        return this;
    }

    /** The tenant id license-service gave this site. */
    public String tenantId(SystemUnderTest system) {
        Http.Answer answer = system.gateway().get("/api/license").jwt(contextToken()).send();
        expect(answer, 200, "GET /api/license");
        return answer.json().get("tenantId").asText();
    }

    static void expect(Http.Answer answer, int status, String what) {
        if (answer.status() != status) {
            throw new AssertionError(what + ": expected " + status + " but got " + answer);
        }
    }

    @Override
    public String toString() {
        return "JiraSite[" + baseUrl + "]";
    }
}
