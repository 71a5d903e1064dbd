package io.pivotreport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where things are in the repository, found from the test's working directory (Maven runs it in deploy/). */
final class DeployTree {

    private DeployTree() {
    }

    /** The repository root: the first ancestor holding deploy/compose/compose.yaml. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/compose/compose.yaml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no deploy/compose/compose.yaml above " + dir);
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    static Path docs() {
        return root().resolve("docs");
    }

    /** Every regular file under {@code dir} whose name ends with one of the suffixes, sorted. */
    static List<Path> filesEndingWith(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
