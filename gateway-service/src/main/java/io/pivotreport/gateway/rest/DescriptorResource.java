package io.pivotreport.gateway.rest;

import io.pivotreport.gateway.config.GatewayConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Connect descriptor: public by nature (Jira fetches it before any tenant exists). Base URL and app key come from
 * configuration; only the READ scope; signed installs and context-qsh switched on so the gateway never accepts the
 * weaker legacy forms.
 */
@Path("/atlassian-connect.json")
public class DescriptorResource {

    public static final String PAGE_KEY = "pivot-report";
    public static final String PAGE_PATH = "/pages/pivot-report";

    private final Map<String, Object> descriptor;

    public DescriptorResource(GatewayConfig config) {
        this.descriptor = build(config);
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> descriptor() {
        return descriptor;
    }

    static Map<String, Object> build(GatewayConfig config) {
        String baseUrl = stripSlash(config.baseUrl().toString());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("key", config.appKey());
        d.put("name", config.appName());
        d.put("description", config.appDescription());
        d.put("vendor", Map.of("name", config.vendor().name(), "url", config.vendor().url().toString()));
        d.put("baseUrl", baseUrl);
        d.put("links", Map.of("self", baseUrl + "/atlassian-connect.json"));
        d.put("authentication", Map.of("type", "jwt"));
        d.put("apiVersion", 1);
        d.put("apiMigrations", Map.of("signed-install", true, "context-qsh", true));
        d.put("enableLicensing", true);
        Map<String, String> lifecycle = new LinkedHashMap<>();
        lifecycle.put("installed", "/lifecycle/installed");
        lifecycle.put("uninstalled", "/lifecycle/uninstalled");
        lifecycle.put("enabled", "/lifecycle/enabled");
        lifecycle.put("disabled", "/lifecycle/disabled");
        d.put("lifecycle", lifecycle);
        d.put("scopes", List.of("READ"));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("key", PAGE_KEY);
        page.put("name", Map.of("value", config.appName()));
        page.put("url", PAGE_PATH);
        page.put("location", "system.top.navigation.bar");
        d.put("modules", Map.of("generalPages", List.of(page)));
        return java.util.Collections.unmodifiableMap(d);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
