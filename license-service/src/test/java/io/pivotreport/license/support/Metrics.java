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
                // an exemplar ("... 1.0 # {trace_id=...} 1.0 1795864986.598") follows the value: cut it off
                String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
                sum += Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1).trim());
            }
        }
        return found ? sum : 0;
    }
}
