package io.pivotreport.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the real kustomize built into kubectl ({@code kubectl kustomize}; a standalone
 * {@code kustomize build} is used when kubectl is absent). Nothing is sent to a cluster.
 */
final class Kustomize {

    private Kustomize() {
    }

    static List<Map<String, Object>> render(Path dir) {
        List<String> command = onPath("kubectl") ? List.of("kubectl", "kustomize", dir.toString())
                : onPath("kustomize") ? List.of("kustomize", "build", dir.toString())
                : null;
        if (command == null) {
            throw new IllegalStateException("neither kubectl nor kustomize is installed: install kubectl "
                    + "(apt-get install kubectl, or the kustomize binary) to render deploy/k8s");
        }
        try {
            Path out = Files.createTempFile("kustomize-", ".yaml");
            Path err = Files.createTempFile("kustomize-", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kustomize timed out on " + dir);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kustomize failed on " + dir + ": "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Yamls.loadAll(Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
