package io.pivotreport.test;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JVM killed with SIGKILL must not leave its embedded postmaster behind. */
class OrphanReaperTest {

    /** Child JVM: starts a throw-away embedded PostgreSQL, prints "pid dir", then waits to be killed. */
    public static final class ChildMain {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            EmbeddedPostgresServer server = EmbeddedPostgresServer.builder().dataDirectory(dir.resolve("data"))
                    .forThrowAwayData().build().start();
            System.out.println("READY " + server.postmasterPid().getAsLong());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void postmasterOfASigkilledJvmIsStoppedAndItsDataDeleted() throws Exception {
        Path dir = Files.createTempDirectory("pivot-reaper-test-");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ChildMain.class.getName(), dir.toString()).redirectErrorStream(true).start();
        long postmaster = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("READY ")) {
                    postmaster = Long.parseLong(line.substring(6).trim());
                    break;
                }
            }
            assertTrue(postmaster > 0, "child did not start PostgreSQL:\n" + seen);
            assertTrue(Processes.isAlive(postmaster));

            child.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));

            assertTrue(Processes.awaitExit(postmaster, Duration.ofSeconds(20)), "postmaster survived its JVM");
            // the watchdog deletes the throw-away data directory right after the postmaster is gone
            org.awaitility.Awaitility.await("throw-away data directory deleted").atMost(Duration.ofSeconds(10))
                    .until(() -> !Files.exists(dir.resolve("data")));
        } finally {
            child.destroyForcibly();
            if (postmaster > 0) {
                Processes.stop(postmaster, "KILL", Duration.ofSeconds(5));
            }
            EmbeddedPostgresServer.deleteTree(dir);
        }
        assertNotNull(dir);
    }
}
