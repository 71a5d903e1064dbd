package io.pivotreport.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceProcessTest {

    @Test
    void logExcerptShowsTheFirstErrorBeforeTheEndOfALongStackTrace(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("2026-11-28 08:05:58 INFO  [io.quarkus] starting");
        lines.add("2026-11-28 08:05:59 ERROR [io.quarkus.runtime.Application] Failed to start application: "
                + "SRCFG00014: The config property quarkus.datasource.jdbc.url is required");
        for (int i = 0; i < 60; i++) {
            lines.add("\tat some.Frame.method" + i + "(Frame.java:" + i + ")");
        }
        lines.add("last line");
        Path log = dir.resolve("svc.log");
        Files.write(log, lines);

        String excerpt = ServiceProcess.tail(log, 30);
        String[] shown = excerpt.split("\n");
        assertTrue(shown[0].contains("ERROR") && shown[0].contains("SRCFG00014"), excerpt);
        assertEquals("  [...]", shown[1]);
        assertEquals("last line", shown[shown.length - 1]);
        assertEquals(32, shown.length);

        Files.write(log, List.of("one", "two"));
        assertEquals("one\ntwo", ServiceProcess.tail(log, 30));
        assertEquals("(no log file)", ServiceProcess.tail(dir.resolve("missing.log"), 30));
    }

    @Test
    void propertiesFileIsReadableByJavaPropertiesAndOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("application.properties");
        ServiceProcess.writeProperties(file, ServiceSpec.LICENSE, Map.of("a.b", "jdbc:postgresql://h:1/x?y=z",
                "c", "back\\slash"));
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        assertEquals("jdbc:postgresql://h:1/x?y=z", p.getProperty("a.b"));
        assertEquals("back\\slash", p.getProperty("c"));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        assertFalse(Files.readString(file).contains("jdbc\\:"), "plain, readable values");
    }
}
