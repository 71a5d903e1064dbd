package io.pivotreport.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Where the checked files live and how to read them. */
final class Files {

    /** deploy/observability (Maven runs tests with the module directory as working directory). */
    static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    static final Path REPO = MODULE.resolve("../..").normalize();
    static final Path PROMETHEUS = MODULE.resolve("prometheus");
    static final Path RULES = PROMETHEUS.resolve("rules");
    static final Path RULE_TESTS = PROMETHEUS.resolve("tests");
    static final Path ALERTMANAGER = MODULE.resolve("alertmanager/alertmanager.yml");
    static final Path LOKI = MODULE.resolve("loki");
    static final Path GRAFANA = MODULE.resolve("grafana");
    static final Path DASHBOARDS = GRAFANA.resolve("dashboards");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Files() {
    }

    static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = java.nio.file.Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> walk(Path dir, String suffix) {
        try (Stream<Path> files = java.nio.file.Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object loaded = new Yaml(options).load(read(file));
        if (!(loaded instanceof Map)) {
            throw new AssertionError(file + " is not a YAML mapping");
        }
        return (Map<String, Object>) loaded;
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static String relative(Path file) {
        return MODULE.relativize(file).toString();
    }
}
