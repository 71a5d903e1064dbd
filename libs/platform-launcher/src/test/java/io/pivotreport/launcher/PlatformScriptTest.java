package io.pivotreport.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The top-level {@code ./platform} script's checks that run before any Java. */
class PlatformScriptTest {

    private static final Path SCRIPT = Path.of("../../platform").toAbsolutePath().normalize();

    private record Result(int code, String output) {
    }

    private static Result run(Path fakeBin, String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "/bin/bash";
        command[1] = SCRIPT.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", fakeBin + ":/usr/bin:/bin");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private static Path fakeJava(Path dir, String versionLine) throws Exception {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '" + versionLine + "' >&2\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void refusesAJavaOlderThan17WithAClearMessage(@TempDir Path dir) throws Exception {
        Result r = run(fakeJava(dir, "openjdk version \"11.0.22\" 2024-01-16"), "status");
        assertEquals(1, r.code(), r.output());
        assertTrue(r.output().contains("Java 17 or newer is required"), r.output());
        assertTrue(r.output().contains("11.0.22"), r.output());

        Result legacy = run(fakeJava(dir, "java version \"1.8.0_392\""), "status");
        assertEquals(1, legacy.code(), legacy.output());
        assertTrue(legacy.output().contains("Java 17 or newer is required"), legacy.output());
    }

    @Test
    void acceptsJava17AndExplainsItsCommands(@TempDir Path dir) throws Exception {
        Result r = run(fakeJava(dir, "openjdk version \"17.0.15\" 2025-04-15"), "help");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("./platform up"), r.output());
        Result bad = run(fakeJava(dir, "openjdk version \"21\" 2023-09-19"), "restart");
        assertEquals(1, bad.code(), bad.output());
        assertTrue(bad.output().contains("unknown command 'restart'"), bad.output());
    }

    @Test
    void saysSoWhenThereIsNoJavaAtAll(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "status").redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().put("PATH", empty.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("java not found"), output);
    }
}
