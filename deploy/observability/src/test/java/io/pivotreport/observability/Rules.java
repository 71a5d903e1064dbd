package io.pivotreport.observability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Prometheus (or Loki ruler) rules of a set of rule files. */
final class Rules {

    record Rule(Path file, String group, String alert, String record, String expr, Map<String, String> labels,
                Map<String, String> annotations) {
        boolean isAlert() {
            return alert != null;
        }

        String name() {
            return isAlert() ? alert : record;
        }
    }

    private Rules() {
    }

    static List<Rule> prometheus() {
        return load(Files.list(Files.RULES, ".yml"));
    }

    static List<Rule> loki() {
        return load(Files.walk(Files.LOKI.resolve("rules"), ".yml"));
    }

    @SuppressWarnings("unchecked")
    static List<Rule> load(List<Path> files) {
        List<Rule> rules = new ArrayList<>();
        for (Path file : files) {
            List<Map<String, Object>> groups = (List<Map<String, Object>>) Files.yaml(file).get("groups");
            if (groups == null) {
                throw new AssertionError(file + " has no groups");
            }
            for (Map<String, Object> group : groups) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    rules.add(new Rule(file, (String) group.get("name"), (String) rule.get("alert"),
                            (String) rule.get("record"), String.valueOf(rule.get("expr")),
                            strings((Map<String, Object>) rule.get("labels")),
                            strings((Map<String, Object>) rule.get("annotations"))));
                }
            }
        }
        return rules;
    }

    private static Map<String, String> strings(Map<String, Object> map) {
        if (map == null) {
            return Map.of();
        }
        Map<String, String> result = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> result.put(k, String.valueOf(v)));
        return result;
    }
}
