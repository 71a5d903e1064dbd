package io.pivotreport.systemtest.harness;

import io.pivotreport.test.EmbeddedKafkaBroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real single-node Kafka broker in a JVM of its own, so a test can kill it with SIGKILL (no controlled shutdown, no
 * flush: the broker recovers its log on the next start) and start it again on the same ports and data.
 *
 * <p>The child is {@link #main}: it starts platform-test's {@link EmbeddedKafkaBroker} (persistent data directory),
 * prints {@value #READY} and runs until its standard input closes, which also happens when the test JVM dies, so the
 * broker never outlives the test.
 */
public final class ForkedKafka implements AutoCloseable {

    static final String READY = "FORKED-KAFKA-READY";

    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private Process process;

    public ForkedKafka(Path dataDirectory, Path logFile, int port, int controllerPort) {
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker JVM and returns once it answers admin requests (or fails with its log). */
    public synchronized ForkedKafka start(Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        try {
            Files.createDirectories(logFile.getParent());
            long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx384m");
            command.add("-XX:+UseSerialGC");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ForkedKafka.class.getName());
            command.add(dataDirectory.toString());
            command.add(Integer.toString(port));
            command.add(Integer.toString(controllerPort));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            Process child = process;
            try {
                org.awaitility.Awaitility.await("Kafka ready").atMost(timeout).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            if (!child.isAlive()) {
                                throw new IllegalStateException("the Kafka JVM exited with " + child.exitValue()
                                        + ":\n" + tail(logStart));
                            }
                            return tail(logStart).contains(READY);
                        });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                child.destroyForcibly();
                throw new IllegalStateException("Kafka was not ready within " + timeout.toSeconds() + " s:\n"
                        + tail(logStart));
            }
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Kafka JVM", e);
        }
    }

    /** SIGKILL: the broker gets no chance to shut down cleanly. Returns when the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Kafka JVM survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** Controlled stop: closing the child's standard input makes it shut the broker down. */
    @Override
    public synchronized void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private String tail(long from) throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        int start = (int) Math.min(from, all.length);
        String text = new String(all, start, all.length - start, StandardCharsets.UTF_8);
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    /** The child: {@code <data directory> <port> <controller port>}. */
    public static void main(String[] args) throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .dataDirectory(Path.of(args[0]))
                .persistent(true)
                .port(Integer.parseInt(args[1]))
                .controllerPort(Integer.parseInt(args[2]))
                .build()
                .start();
        System.out.println(READY);
        System.out.flush();
        try {
            while (System.in.read() >= 0) {
                // runs until the parent closes our standard input (or dies)
            }
        } finally {
            broker.close();
        }
        System.exit(0);
    }
}
