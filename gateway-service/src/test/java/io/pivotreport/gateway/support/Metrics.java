package io.pivotreport.gateway.support;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Reads the Prometheus exposition of the management interface. */
public final class Metrics {

    private Metrics() {
    }

    /** The gateway's management interface ({@code quarkus.management.test-port} is set by the test environment). */
    public static String managementUrl(String path) {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class);
        return "http://127.0.0.1:" + port + path;
    }

    public static String scrape() {
        return given().get(managementUrl("/q/metrics")).then().statusCode(200).extract().asString();
    }

    /** Sum of the samples of {@code name} whose labels include all of {@code labels}. */
    public static double value(String exposition, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = labels.entrySet().stream()
                    .allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
