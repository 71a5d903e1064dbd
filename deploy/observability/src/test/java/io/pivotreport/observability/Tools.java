package io.pivotreport.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * promtool and amtool, fetched once per JVM through tools/fetch-tools.sh. A tool that cannot be had fails the test
 * with the script's reason: these checks are never skipped.
 */
final class Tools {

    record Result(int exitCode, String output) {
        Result assertSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (exit " + exitCode + "):\n" + output);
            }
            return this;
        }
    }

    private static Path bin;

    private Tools() {
    }

    static synchronized Path bin() {
        if (bin == null) {
            Result fetched = run(List.of("sh", Files.MODULE.resolve("tools/fetch-tools.sh").toString()), Files.MODULE,
                    900);
            if (fetched.exitCode != 0) {
                throw new AssertionError("promtool/amtool are not available; tools/fetch-tools.sh said:\n"
                        + fetched.output);
            }
            String[] lines = fetched.output.strip().split("\n");
            bin = Path.of(lines[lines.length - 1].strip());
        }
        return bin;
    }

    static Result promtool(Path workDir, String... args) {
        return tool("promtool", workDir, args);
    }

    static Result amtool(Path workDir, String... args) {
        return tool("amtool", workDir, args);
    }

    private static Result tool(String name, Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin().resolve(name).toString());
        command.addAll(List.of(args));
        return run(command, workDir, 120);
    }

    static Result run(List<String> command, Path workDir, long timeoutSeconds) {
        Path output = null;
        try {
            output = java.nio.file.Files.createTempFile("observability-tool", ".out");
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), java.nio.file.Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + command, e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
