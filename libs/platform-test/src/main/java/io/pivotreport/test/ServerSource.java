package io.pivotreport.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where the test servers of this JVM come from, decided once per JVM and per kind of server:
 * <ol>
 *   <li>{@link #ENVIRONMENT}: servers named by environment variables ({@code PIVOT_TEST_PG_URL},
 *       {@code PIVOT_TEST_KAFKA_BOOTSTRAP}, ...);</li>
 *   <li>{@link #TESTCONTAINERS}: when a Docker engine answers (cheap pre-check first: {@code DOCKER_HOST} set or
 *       {@code /var/run/docker.sock} present); {@code PIVOT_TEST_DOCKER=false} skips this step;</li>
 *   <li>{@link #EMBEDDED}: real servers run from this JVM (zonky PostgreSQL 17, in-process KRaft broker).</li>
 * </ol>
 */
public enum ServerSource {
    ENVIRONMENT, TESTCONTAINERS, EMBEDDED;

    private static volatile Boolean dockerAvailable;

    /** Cheap pre-check, then Testcontainers' own probe; remembered for the JVM. */
    static boolean dockerAvailable(UnaryOperator<String> env) {
        if ("false".equalsIgnoreCase(env.apply("PIVOT_TEST_DOCKER"))) {
            return false;
        }
        Boolean known = dockerAvailable;
        if (known != null) {
            return known;
        }
        synchronized (ServerSource.class) {
            if (dockerAvailable == null) {
                boolean hint = isSet(env.apply("DOCKER_HOST")) || Files.exists(Path.of("/var/run/docker.sock"))
                        || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
                dockerAvailable = hint && ContainerServers.dockerAnswers();
            }
            return dockerAvailable;
        }
    }

    static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
