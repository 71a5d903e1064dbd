package io.pivotreport.gateway.service;

import io.pivotreport.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The general page's HTML shell: Atlassian's {@code all.js} and the app's front end, nothing else. It embeds no token
 * and no secret (the front end asks {@code AP.context.getToken()} for its own), no inline script or style, and its
 * Content-Security-Policy lets only the tenant's own site frame it.
 */
@ApplicationScoped
public class PageShell {

    private final String allJs;
    private final String script;
    private final String stylesheet;
    private final String appName;
    private final String allJsOrigin;

    public PageShell(GatewayConfig config) {
        this.allJs = config.page().allJsUrl().toString();
        this.allJsOrigin = config.page().allJsUrl().getScheme() + "://" + config.page().allJsUrl().getAuthority();
        this.script = config.page().frontendScript();
        this.stylesheet = config.page().stylesheet();
        this.appName = config.appName();
    }

    public String html(boolean showLicenceNotice) {
        StringBuilder html = new StringBuilder(1024)
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>").append(escape(appName)).append("</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(escape(stylesheet)).append("\">\n")
                .append("<script src=\"").append(escape(allJs)).append("\" data-options=\"sizeToParent:true\"></script>\n")
                .append("<script src=\"").append(escape(script)).append("\" defer></script>\n")
                .append("</head>\n<body>\n");
        if (showLicenceNotice) {
            html.append("<div class=\"pivot-licence-notice\" role=\"alert\" id=\"licence-notice\">")
                    .append(escape(appName))
                    .append(" needs an active licence on this site. Ask a Jira administrator to license the app ")
                    .append("in Manage apps.</div>\n");
        }
        html.append("<div id=\"pivot-report\" class=\"pivot-report\"></div>\n</body>\n</html>\n");
        return html.toString();
    }

    /**
     * The page's policy: scripts only from the gateway and Atlassian's CDN, API calls only to the gateway, framing
     * only by {@code tenantOrigin} (an origin built from an allowed host, never copied from the request).
     */
    public String contentSecurityPolicy(String tenantOrigin) {
        return "default-src 'none'; script-src 'self' " + allJsOrigin + "; connect-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; "
                + "frame-ancestors " + (tenantOrigin == null ? "'none'" : tenantOrigin);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
