package io.pivotreport.observability;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The provisioned Grafana dashboards and their queries. */
final class Dashboards {

    record Query(Path dashboard, String panel, String datasourceUid, String expr) {
    }

    private Dashboards() {
    }

    static List<Path> files() {
        return Files.list(Files.DASHBOARDS, ".json");
    }

    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (Path file : files()) {
            queries.addAll(queries(file));
        }
        return queries;
    }

    static List<Query> queries(Path file) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels(Files.json(file))) {
            String panelUid = panel.path("datasource").path("uid").asText(null);
            for (JsonNode target : panel.path("targets")) {
                String uid = target.path("datasource").path("uid").asText(panelUid);
                queries.add(new Query(file, panel.path("title").asText(), uid, target.path("expr").asText("")));
            }
        }
        return queries;
    }

    /** All panels, including those nested in rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                panels.add(nested);
            }
        }
        return panels;
    }
}
