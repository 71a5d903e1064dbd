package io.pivotreport.license.support;

import static io.restassured.RestAssured.given;

/** Reads a value from the Prometheus endpoint, as Prometheus would see it. */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of the samples of {@code name} whose labels include every {@code label="value"} pair given. */
    public static double value(String name, String... labelPairs) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!line.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"")) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                found = true;
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return found ? sum : 0;
    }
}
