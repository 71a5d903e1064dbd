package io.pivotreport.systemtest.harness;

import io.pivotreport.platform.logging.testing.ShippedLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks for planted markers everywhere the platform keeps or ships text: every column of every row of every table of
 * the given databases (all schemas but PostgreSQL's own; {@code bytea} read as bytes), every line of every file in a
 * log directory, every line (and its labels and metadata) a Loki receiver got.
 *
 * <p>A marker is found in its plain form (case-insensitive), as hex (case-insensitive) and inside base64, standard
 * and URL-safe alphabet, at each of the three byte offsets a value can start at within a longer encoded text (the
 * characters that depend on the marker alone; padding is then irrelevant). A hit names where (table.column and row
 * number, or file and line number, or the Loki stream and line number), the marker's kind and the form: never the
 * marker itself, since some markers are secrets.
 */
public final class PrivateDataScanner {

    /** What to look for: a kind that may be printed, a value that is not. */
    public record Marker(String kind, String value) {
        @Override
        public String toString() {
            return kind;
        }
    }

    /** One finding, printable. */
    public record Hit(String where, String kind, String form) {
        @Override
        public String toString() {
            return where + ": " + kind + " (" + form + ")";
        }
    }

    /** Totals, so a test can prove the sweep looked at something. */
    public record Coverage(int databases, int tables, long rows, long cells, int logFiles, long logLines,
                           long lokiLines) {
    }

    private record Form(Marker marker, String form, String needle, boolean ignoreCase) {
    }

    private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema", "pg_toast");

    private final List<Form> forms = new ArrayList<>();
    private final List<Hit> hits = new ArrayList<>();
    private int databases;
    private int tables;
    private long rows;
    private long cells;
    private int logFiles;
    private long logLines;
    private long lokiLines;

    public PrivateDataScanner(List<Marker> markers) {
        for (Marker marker : markers) {
            byte[] bytes = marker.value().getBytes(StandardCharsets.UTF_8);
            forms.add(new Form(marker, "plain", marker.value().toLowerCase(Locale.ROOT), true));
            forms.add(new Form(marker, "hex", HexFormat.of().formatHex(bytes), true));
            for (int offset = 0; offset < 3; offset++) {
                forms.add(new Form(marker, "base64@" + offset, base64Core(Base64.getEncoder(), bytes, offset), false));
                forms.add(new Form(marker, "base64url@" + offset, base64Core(Base64.getUrlEncoder(), bytes, offset),
                        false));
            }
        }
    }

    /**
     * The base64 characters that encode only {@code value}'s bytes when {@code offset} other bytes precede it: whatever
     * surrounds the value, with or without padding, these characters appear in the encoding.
     */
    static String base64Core(Base64.Encoder encoder, byte[] value, int offset) {
        byte[] shifted = new byte[offset + value.length];
        System.arraycopy(value, 0, shifted, offset, value.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int from = (offset * 4 + 2) / 3;           // first character without bits of the preceding bytes
        int to = (shifted.length * 8) / 6;          // characters before the last, partly filled one
        return encoded.substring(from, to);
    }

    /** Scans every table of {@code database} over {@code connection}. */
    public void scanDatabase(String database, Connection connection) throws SQLException {
        databases++;
        List<String> qualified = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet names = statement.executeQuery("SELECT table_schema, table_name FROM information_schema.tables "
                     + "WHERE table_type = 'BASE TABLE' ORDER BY 1, 2")) {
            while (names.next()) {
                if (!SYSTEM_SCHEMAS.contains(names.getString(1)) && !names.getString(1).startsWith("pg_")) {
                    qualified.add(quote(names.getString(1)) + "." + quote(names.getString(2)));
                }
            }
        }
        for (String table : qualified) {
            tables++;
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = result.getMetaData();
                long row = 0;
                while (result.next()) {
                    row++;
                    rows++;
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        String where = database + "." + table + "." + meta.getColumnName(column) + " row " + row;
                        cells++;
                        if (meta.getColumnType(column) == Types.BINARY || meta.getColumnType(column) == Types.VARBINARY
                                || meta.getColumnType(column) == Types.LONGVARBINARY) {
                            byte[] bytes = result.getBytes(column);
                            if (bytes != null) {
                                scanText(where, new String(bytes, StandardCharsets.UTF_8));
                                scanText(where + " (as hex)", HexFormat.of().formatHex(bytes));
                            }
                        } else {
                            scanText(where, result.getString(column));
                        }
                    }
                }
            }
        }
    }

    /** Scans every regular file under {@code directory}, line by line (bytes that are not UTF-8 replaced). */
    public void scanLogDirectory(Path directory) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            logFiles++;
            try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
                String line;
                long number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    logLines++;
                    scanText(directory.relativize(file) + ":" + number, line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Scans what a Loki receiver got: each line, its labels and its structured metadata. */
    public void scanLoki(List<ShippedLine> lines) {
        long number = 0;
        for (ShippedLine line : lines) {
            number++;
            lokiLines++;
            String where = "Loki line " + number + " of " + line.service();
            scanText(where, line.line());
            for (Map.Entry<String, String> entry : line.metadata().entrySet()) {
                scanText(where + " metadata " + entry.getKey(), entry.getValue());
            }
            for (Map.Entry<String, String> entry : line.labels().entrySet()) {
                scanText(where + " label " + entry.getKey(), entry.getValue());
            }
        }
    }

    private void scanText(String where, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String lower = null;
        Set<String> seen = new LinkedHashSet<>();
        for (Form form : forms) {
            String haystack;
            if (form.ignoreCase()) {
                lower = lower == null ? text.toLowerCase(Locale.ROOT) : lower;
                haystack = lower;
            } else {
                haystack = text;
            }
            // one hit per marker and place is enough to read; the first form found names it
            if (!seen.contains(form.marker().kind()) && haystack.contains(form.needle())) {
                seen.add(form.marker().kind());
                hits.add(new Hit(where, form.marker().kind(), form.form()));
            }
        }
    }

    public List<Hit> hits() {
        return List.copyOf(hits);
    }

    /** The hits of one marker kind. */
    public List<Hit> hitsOf(String kind) {
        return hits.stream().filter(h -> h.kind().equals(kind)).toList();
    }

    public Coverage coverage() {
        return new Coverage(databases, tables, rows, cells, logFiles, logLines, lokiLines);
    }

    /** Hits grouped by kind, for a failure message that reads. */
    public static String describe(List<Hit> hits) {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        hits.forEach(h -> byKind.computeIfAbsent(h.kind(), k -> new ArrayList<>()).add(h.where() + " [" + h.form()
                + "]"));
        StringBuilder out = new StringBuilder();
        byKind.forEach((kind, places) -> {
            out.append("\n  ").append(kind).append(" found in ").append(places.size()).append(" place(s):");
            places.stream().limit(15).forEach(p -> out.append("\n    ").append(p));
            if (places.size() > 15) {
                out.append("\n    … and ").append(places.size() - 15).append(" more");
            }
        });
        return out.toString();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
