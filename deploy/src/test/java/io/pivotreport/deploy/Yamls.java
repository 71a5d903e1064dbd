package io.pivotreport.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Safe YAML loading (no arbitrary types) and small typed accessors for nested maps. */
final class Yamls {

    private Yamls() {
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    static Map<String, Object> load(Path file) {
        return loadString(DeployTree.read(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> loadString(String text) {
        Object doc = yaml().load(text);
        if (!(doc instanceof Map)) {
            throw new IllegalArgumentException("not a YAML mapping");
        }
        return (Map<String, Object>) doc;
    }

    /** All non-empty documents of a multi-document YAML stream. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadAll(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(text)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    /** The mapping documents of a multi-document YAML stream (lists and scalars are left out). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadAllMappings(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(text)) {
            if (doc instanceof Map) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }

    /** The value at a dotted path of map keys, or null when any step is missing. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    static Map<String, Object> map(Object node, String path) {
        Map<String, Object> value = at(node, path);
        return value == null ? Map.of() : value;
    }

    static List<Map<String, Object>> list(Object node, String path) {
        List<Map<String, Object>> value = at(node, path);
        return value == null ? List.of() : value;
    }

    static String string(Object node, String path) {
        Object value = at(node, path);
        return value == null ? null : Objects.toString(value);
    }
}
