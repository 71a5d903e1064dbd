package io.pivotreport.observability;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the platform exposes, against which every query is checked. Two sources:
 * <ul>
 *   <li>documented (default): the {@code pivot_} names in docs/conventions.md and docs/observability.md, plus the
 *       verified standard names in metrics/standard-metrics.txt;</li>
 *   <li>scraped: set {@code -Dobservability.scraped-metrics=<file or directory>[,…]} to files holding the
 *       Prometheus text output of the running services' {@code /q/metrics} (the system test can save them).</li>
 * </ul>
 * Either way metrics/external-metrics.txt is added (Prometheus' own series, the Pushgateway's backup heartbeat).
 */
final class ExposedMetrics {

    static final String SCRAPED_PROPERTY = "observability.scraped-metrics";

    private static final Pattern PIVOT_NAME = Pattern.compile("(?<![:\\w])pivot_[a-z0-9_]+(?![:\\w])");
    private static final Pattern SAMPLE_NAME = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    private final String source;
    private final Set<String> names;

    private ExposedMetrics(String source, Set<String> names) {
        this.source = source;
        this.names = names;
    }

    String source() {
        return source;
    }

    Set<String> names() {
        return names;
    }

    static ExposedMetrics configured() {
        String scraped = System.getProperty(SCRAPED_PROPERTY);
        return scraped == null || scraped.isBlank() ? documented() : scraped(scraped);
    }

    static ExposedMetrics documented() {
        Set<String> names = new TreeSet<>(documentedPivotNames());
        names.addAll(listFile(Files.MODULE.resolve("metrics/standard-metrics.txt")));
        names.addAll(listFile(Files.MODULE.resolve("metrics/external-metrics.txt")));
        return new ExposedMetrics("docs/conventions.md, docs/observability.md and metrics/standard-metrics.txt", names);
    }

    static ExposedMetrics scraped(String paths) {
        Set<String> names = new TreeSet<>(listFile(Files.MODULE.resolve("metrics/external-metrics.txt")));
        for (String entry : paths.split(",")) {
            Path path = Path.of(entry.strip());
            List<Path> files = java.nio.file.Files.isDirectory(path) ? Files.walk(path, "") : List.of(path);
            for (Path file : files) {
                if (java.nio.file.Files.isRegularFile(file)) {
                    Files.read(file).lines().map(SAMPLE_NAME::matcher).filter(Matcher::find)
                            .forEach(m -> names.add(m.group(1)));
                }
            }
        }
        return new ExposedMetrics("scraped /q/metrics in " + paths, names);
    }

    /** {@code pivot_} names the documentation promises. */
    static Set<String> documentedPivotNames() {
        Set<String> names = new TreeSet<>();
        for (Path doc : List.of(Files.REPO.resolve("docs/conventions.md"), Files.REPO.resolve("docs/observability.md"))) {
            Matcher m = PIVOT_NAME.matcher(Files.read(doc));
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    private static Set<String> listFile(Path file) {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(Files.read(file).split("\n")).map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                .forEach(names::add);
        return names;
    }
}
