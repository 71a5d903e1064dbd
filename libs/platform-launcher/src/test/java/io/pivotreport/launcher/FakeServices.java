package io.pivotreport.launcher;

import io.pivotreport.test.DatabaseInfo;
import io.pivotreport.test.Ports;
import io.pivotreport.test.TestKafka;
import io.pivotreport.test.TestPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Test helpers: fake service jars in a temporary home, and an environment with free ports. */
final class FakeServices {

    private FakeServices() {
    }

    /** Writes {@code <home>/<module>/target/quarkus-app/quarkus-run.jar} running {@link FakeService}. */
    static Path install(Path home, ServiceSpec spec, String mode) throws IOException {
        Path jar = spec.jar(home);
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            String entry = FakeService.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            try (InputStream in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(out);
            }
            out.closeEntry();
        }
        Path modeFile = jar.resolveSibling("fake-mode");
        if (mode == null) {
            Files.deleteIfExists(modeFile);
        } else {
            Files.writeString(modeFile, mode);
        }
        return jar;
    }

    private static DevKeys sharedKeys;

    /** Development keys generated once per test JVM (RSA generation takes seconds on a small VM). */
    static synchronized DevKeys sharedKeys() {
        if (sharedKeys == null) {
            try {
                Path dir = Files.createTempDirectory("pivot-launcher-test-keys-");
                sharedKeys = DevKeys.ensure(dir, ProcessHandle.current().info().command().orElseThrow(), null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return sharedKeys;
    }

    /** Copies the shared keys into {@code <home>/.platform/keys} so a test run does not generate its own. */
    static void copyKeys(Path home) throws IOException {
        Path target = home.resolve(".platform/keys");
        Files.createDirectories(target);
        try (var files = Files.list(sharedKeys().dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Free ports for every service and embedded server. */
    static Map<String, String> freePorts() {
        Map<String, String> env = new HashMap<>();
        for (String name : new String[] {"PIVOT_PG_PORT", "PIVOT_KAFKA_PORT", "PIVOT_KAFKA_CONTROLLER_PORT",
                "PIVOT_GATEWAY_PORT", "PIVOT_GATEWAY_HTTPS_PORT", "PIVOT_LICENSE_PORT", "PIVOT_REPORT_PORT",
                "PIVOT_ANALYTICS_PORT", "PIVOT_GATEWAY_MANAGEMENT_PORT"}) {
            int port;
            do {
                port = Ports.freePort();
            } while (env.containsValue(Integer.toString(port)));
            env.put(name, Integer.toString(port));
        }
        env.put("PIVOT_START_TIMEOUT_SECONDS", "30");
        env.put("PIVOT_SERVICE_JAVA_OPTS", "-Xmx64m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        return env;
    }

    /** Free ports, with PostgreSQL and Kafka of this test JVM named as "existing servers" (fast). */
    static Map<String, String> externalServers() {
        Map<String, String> env = freePorts();
        DatabaseInfo admin = TestPostgres.shared().admin();
        env.put("PIVOT_PG_URL", admin.jdbcUrl());
        env.put("PIVOT_PG_USER", admin.user());
        env.put("PIVOT_PG_PASSWORD", admin.password());
        env.put("PIVOT_KAFKA_BOOTSTRAP", TestKafka.shared().bootstrapServers());
        return env;
    }
}
