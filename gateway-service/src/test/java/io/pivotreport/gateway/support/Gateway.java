package io.pivotreport.gateway.support;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** The calls Jira and Forge make to the gateway, for tests. */
public final class Gateway {

    /** The query Jira appends to a general page's URL (values as Jira encodes them), {@code lic} first. */
    public static final List<String> PAGE_QUERY_AFTER_LIC = List.of(
            "xdm_e=https%3A%2F%2Facme.atlassian.net",
            "xdm_c=channel-io.pivotreport.pivot-report__pivot-report",
            "cp=",
            "xdm_deprecated_addon_key_do_not_use=io.pivotreport.pivot-report",
            "tz=Europe%2FZurich",
            "loc=en-GB",
            "user_id=",
            "cv=1001.0.0-SNAPSHOT");

    private Gateway() {
    }

    /** Installs {@code tenant} through a signed install whose key the local key server serves. */
    public static ValidatableResponse install(TestTenant tenant) {
        return lifecycle(tenant, "installed", tenant.lifecycleBody("installed"));
    }

    public static ValidatableResponse uninstall(TestTenant tenant) {
        return lifecycle(tenant, "uninstalled", tenant.lifecycleBody("uninstalled"));
    }

    public static ValidatableResponse lifecycle(TestTenant tenant, String event, Map<String, Object> body) {
        return lifecycle(tenant, event, body, 0);
    }

    /**
     * A lifecycle callback whose token was issued {@code iatShiftSeconds} from now: license-service orders events by
     * {@code iat} (seconds), so two callbacks of the same second need distinct issue times.
     */
    public static ValidatableResponse lifecycle(TestTenant tenant, String event, Map<String, Object> body,
                                                long iatShiftSeconds) {
        String path = "/lifecycle/" + event;
        String token;
        if ("installed".equals(event) || "uninstalled".equals(event)) {
            GatewayTestEnvironment.Environment env = GatewayTestEnvironment.current();
            token = AtlassianTokens.signedInstall(tenant.clientKey(), GatewayTestEnvironment.BASE_URL,
                    env.installKeys().getPrivate(), GatewayTestEnvironment.INSTALL_KID, "POST", path);
        } else {
            token = AtlassianTokens.host(tenant.clientKey(), null, tenant.sharedSecret(), "POST", path, null,
                    iatShiftSeconds);
        }
        return given().header("Authorization", "JWT " + token).contentType(ContentType.JSON).body(body)
                .when().post(path).then();
    }

    /** Installs {@code tenant} and loads the page once with {@code lic=active}, as a licensed site would. */
    public static TestTenant installLicensed(TestTenant tenant) {
        install(tenant).statusCode(204);
        given().urlEncodingEnabled(false).get("/pages/pivot-report?" + signedPageQuery(tenant, "active"))
                .then().statusCode(200);
        return tenant;
    }

    /** A Forge installation registered through the Forge lifecycle route. */
    public static ForgeInstallation installForge(ForgeInstallation installation) {
        given().header("Authorization", "Bearer " + installation.lifecycleToken()).contentType(ContentType.JSON)
                .body(Map.of("eventType", "avi:forge:installed:app", "id", "event-1",
                        "context", Map.of("cloudId", installation.cloudId())))
                .when().post("/forge/lifecycle").then().statusCode(204);
        return installation;
    }

    /** A valid saved report body for report-service. */
    public static Map<String, Object> reportBody(String name) {
        return Map.of("name", name,
                "source", Map.of("type", "project", "id", "PIV"),
                "configuration", Map.of("schemaVersion", 1,
                        "rows", List.of(Map.of("field", "status")),
                        "measures", List.of(Map.of("aggregation", "count"))),
                "visibility", "private");
    }

    /** The page query Jira sends with {@code lic}, signed; returns the query with the {@code jwt} appended. */
    public static String signedPageQuery(TestTenant tenant, String lic) {
        String query = "lic=" + lic + "&" + String.join("&", PAGE_QUERY_AFTER_LIC);
        String token = AtlassianTokens.host(tenant.clientKey(), tenant.accountId(), tenant.sharedSecret(), "GET",
                "/pages/pivot-report", query);
        return query + "&jwt=" + token;
    }
}
