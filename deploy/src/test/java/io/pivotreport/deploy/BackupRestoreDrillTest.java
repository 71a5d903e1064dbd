package io.pivotreport.deploy;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restore drill (policy P7: "a backup nobody has restored is not a backup"): a database full of the platform's
 * kinds of data is backed up with deploy/backup/backup.sh and restored with deploy/backup/restore.sh into a fresh
 * database on a real PostgreSQL server, then compared table by table (row counts and content checksums), plus its
 * sequences, views, indexes and constraints. The failure paths an operator meets are drilled too.
 */
class BackupRestoreDrillTest {

    private static final Path SCRIPTS = DeployTree.deploy().resolve("backup");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static final String OWNER = "pivot_drill";
    private static final String OWNER_PASSWORD = "drill-" + Long.toHexString(System.nanoTime());
    private static final String TEMPLATE = "drill_template";

    private static Path pgBin;
    private static DrillPostgres postgres;
    private static Path keys;
    private static Path recipients;
    private static Path identity;

    @BeforeAll
    static void startServerAndMakeKeys() throws IOException {
        Commands.Result tools = Commands.run(List.of("bash", SCRIPTS.resolve("install-tools.sh").toString(), "--server"),
                Map.of(), Duration.ofMinutes(8)).assertSuccess("deploy/backup/install-tools.sh --server");
        Matcher bin = Pattern.compile("(?m)^PG_BIN=(.+)$").matcher(tools.stdout());
        assertTrue(bin.find(), "install-tools.sh names no PG_BIN: " + tools.stdout());
        pgBin = Path.of(bin.group(1).trim());
        postgres = DrillPostgres.start(pgBin);
        try {
            postgres.createDatabase(OWNER, OWNER_PASSWORD);
            postgres.createDatabaseOwnedBy(TEMPLATE, OWNER);
            loadPlatformLikeData(new Db(TEMPLATE));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the drill data", e);
        }

        keys = Files.createTempDirectory("pivot-drill-keys-");
        identity = keys.resolve("identity.txt");
        recipients = keys.resolve("recipients.txt");
        Commands.run(List.of("age-keygen", "-o", identity.toString()), Map.of(), Duration.ofSeconds(20))
                .assertSuccess("age-keygen");
        String publicKey = Commands.run(List.of("age-keygen", "-y", identity.toString()), Map.of(),
                Duration.ofSeconds(20)).assertSuccess("age-keygen -y").stdout();
        Files.writeString(recipients, publicKey);
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
        if (keys != null) {
            try (Stream<Path> files = Files.list(keys)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(keys);
        }
    }

    @Test
    void aBackupRestoresIntoAFreshDatabaseIdenticalTableByTable(@TempDir Path work) throws Exception {
        Db source = newDatabase("license");
        Map<String, String> before = fingerprint(source);

        Commands.Result backup = backup(source, work, Map.of()).assertSuccess("backup.sh");
        Path file = onlyBackupOf(work, source);
        assertTrue(backup.stderr().contains("wrote "), backup.stderr());

        String target = source.name() + "_restored";
        postgres.createDatabaseOwnedBy(target, OWNER);
        restore(source.withDatabase(target), file, identity, false).assertSuccess("restore.sh");

        Map<String, String> after = fingerprint(source.withDatabase(target));
        assertEquals(before.keySet(), after.keySet(), "same tables, sequences, views, indexes and constraints");
        for (String item : before.keySet()) {
            assertEquals(before.get(item), after.get(item), "differs after restore: " + item);
        }
        assertTrue(before.keySet().stream().filter(k -> k.startsWith("table ")).count() >= 6, before.keySet().toString());
        // The restored database carries on where the original stopped: no duplicate ids after a restore.
        try (Connection c = source.withDatabase(target).connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO saved_report (tenant_id, owner_account_id, name, source, configuration, created_at,"
                    + " updated_at) SELECT tenant_id, owner_account_id, 'after restore', source, configuration, now(),"
                    + " now() FROM saved_report LIMIT 1");
            try (ResultSet rs = s.executeQuery("SELECT max(id) FROM saved_report")) {
                rs.next();
                assertEquals(4002, rs.getLong(1));
            }
        }
    }

    @Test
    void everyServicesOwnSchemaSurvivesABackupAndRestore(@TempDir Path work) throws Exception {
        Map<String, List<Path>> migrations = serviceMigrations();
        assertTrue(migrations.containsKey("license-service"), "no Flyway migrations found: " + migrations.keySet());
        for (Map.Entry<String, List<Path>> service : migrations.entrySet()) {
            String name = service.getKey().replace("-service", "") + "_schema_" + DATABASES.incrementAndGet();
            postgres.createDatabaseOwnedBy(name, OWNER);
            Db source = new Db(name);
            try (Connection c = source.connect(); Statement s = c.createStatement()) {
                for (Path migration : service.getValue()) {
                    try {
                        s.execute(DeployTree.read(migration));
                    } catch (SQLException e) {
                        throw new AssertionError(migration + " does not apply on the drill's PostgreSQL "
                                + pgBin.getParent().getFileName() + " (deploy/backup/install-tools.sh): " + e.getMessage(), e);
                    }
                }
            }
            Map<String, String> before = fingerprint(source);
            assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith("table ")), service.getKey());

            backup(source, work, Map.of()).assertSuccess("backup.sh of " + service.getKey());
            Path file = onlyBackupOf(work, source);
            String target = name + "_restored";
            postgres.createDatabaseOwnedBy(target, OWNER);
            restore(source.withDatabase(target), file, identity, false).assertSuccess("restore.sh of " + service.getKey());
            assertEquals(before, fingerprint(source.withDatabase(target)), service.getKey() + "'s schema after restore");
        }
    }

    @Test
    void backupsAreEncryptedAndOnlyTheIdentityOpensThem(@TempDir Path work) throws Exception {
        Db source = newDatabase("report");
        backup(source, work, Map.of()).assertSuccess("backup.sh");
        Path file = onlyBackupOf(work, source);

        byte[] head = new byte[64];
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(64, in.readNBytes(head, 0, 64));
        }
        String header = new String(head, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("age-encryption.org/v1\n"), "not an age file: " + header);
        assertFalse(header.contains("PGDMP"), "a pg_dump archive header is visible");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file), "backups are readable by their owner only");

        Path strangerIdentity = work.resolve("stranger.txt");
        Commands.run(List.of("age-keygen", "-o", strangerIdentity.toString()), Map.of(), Duration.ofSeconds(20))
                .assertSuccess("age-keygen");
        String target = source.name() + "_stranger";
        postgres.createDatabaseOwnedBy(target, OWNER);
        Commands.Result refused = restore(source.withDatabase(target), file, strangerIdentity, false);
        assertEquals(1, refused.exitCode(), refused.stderr());
        assertEquals(0, relationCount(source.withDatabase(target)), "a failed restore leaves the target untouched");
    }

    @Test
    void restoreRefusesATargetThatHoldsDataUnlessForced(@TempDir Path work) throws Exception {
        Db source = newDatabase("analytics");
        Map<String, String> before = fingerprint(source);
        backup(source, work, Map.of()).assertSuccess("backup.sh");
        Path file = onlyBackupOf(work, source);

        // Restoring over the live database by mistake is refused...
        Commands.Result refused = restore(source, file, identity, false);
        assertEquals(2, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("is not empty"), refused.stderr());

        // ...and with --force it replaces what the backup holds, ending identical to the backup.
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM license_check WHERE id % 3 = 0");
            s.execute("UPDATE saved_report SET name = 'changed after the backup' WHERE id < 100");
        }
        restore(source, file, identity, true).assertSuccess("restore.sh --force");
        assertEquals(before, fingerprint(source));
    }

    @Test
    void aDamagedBackupIsRejectedBeforeAnythingIsRestored(@TempDir Path work) throws Exception {
        Db source = newDatabase("license");
        backup(source, work, Map.of()).assertSuccess("backup.sh");
        Path file = onlyBackupOf(work, source);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(file, bytes);

        String target = source.name() + "_damaged";
        postgres.createDatabaseOwnedBy(target, OWNER);
        Commands.Result refused = restore(source.withDatabase(target), file, identity, false);
        assertEquals(1, refused.exitCode());
        assertTrue(refused.stderr().contains("checksum mismatch"), refused.stderr());

        // Without its checksum file the tampering is still caught: age authenticates every chunk.
        Files.delete(Path.of(file + ".sha256"));
        Commands.Result stillRefused = restore(source.withDatabase(target), file, identity, false);
        assertEquals(1, stillRefused.exitCode(), stillRefused.stderr());
        assertEquals(0, relationCount(source.withDatabase(target)));
    }

    @Test
    void aFailedDumpWritesNothingAndKeepsTheLastHeartbeat(@TempDir Path work) throws Exception {
        Db source = newDatabase("report");
        backup(source, work, Map.of()).assertSuccess("backup.sh");
        Path heartbeat = work.resolve("textfile/pivot_backup_" + source.name() + ".prom");
        String lastGood = Files.readString(heartbeat);
        long lastSuccess = heartbeatTimestamp(lastGood, source.name());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - lastSuccess) < 120, lastGood);
        assertTrue(lastGood.contains("# TYPE pivot_backup_last_success_timestamp_seconds gauge"), lastGood);

        Db wrongPassword = new Db(source.name(), "not-the-password");
        Commands.Result failed = backup(wrongPassword, work, Map.of());
        assertEquals(1, failed.exitCode(), failed.stderr());
        try (Stream<Path> files = Files.list(work.resolve("backups/" + source.name()))) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(2, names.size(), "only the earlier backup and its checksum: " + names);
            assertFalse(names.stream().anyMatch(n -> n.endsWith(".partial")), names.toString());
        }
        assertEquals(lastGood, Files.readString(heartbeat), "a failed run must not look like a success");
    }

    @Test
    void retentionDeletesOnlyThisDatabasesBackupsOlderThanTheWindow(@TempDir Path work) throws Exception {
        Db source = newDatabase("analytics");
        Path dir = Files.createDirectories(work.resolve("backups/" + source.name()));
        Path expired = dir.resolve(source.name() + "-" + stamp(Duration.ofDays(15)) + ".dump.age");
        Path kept = dir.resolve(source.name() + "-" + stamp(Duration.ofDays(13)) + ".dump.age");
        Path otherDatabase = dir.resolve("other-" + stamp(Duration.ofDays(40)) + ".dump.age");
        for (Path p : List.of(expired, kept, otherDatabase)) {
            Files.writeString(p, "placeholder");
        }
        Files.writeString(Path.of(expired + ".sha256"), "placeholder");

        backup(source, work, Map.of("BACKUP_RETENTION_DAYS", "14")).assertSuccess("backup.sh");

        assertFalse(Files.exists(expired), "a 15-day-old backup is past a 14-day retention");
        assertFalse(Files.exists(Path.of(expired + ".sha256")));
        assertTrue(Files.exists(kept), "a 13-day-old backup is inside the window");
        assertTrue(Files.exists(otherDatabase), "another database's files are not this run's business");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith(source.name() + "-"))
                    .filter(p -> p.getFileName().toString().endsWith(".dump.age"))
                    .filter(p -> !p.equals(kept)).count(), "exactly one new backup");
        }
    }

    @Test
    void theHeartbeatReachesThePushgateway(@TempDir Path work) throws Exception {
        Db source = newDatabase("license");
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer pushgateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pushgateway.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + "\n"
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        pushgateway.start();
        try {
            String url = "http://127.0.0.1:" + pushgateway.getAddress().getPort();
            backup(source, work, Map.of("PUSHGATEWAY_URL", url)).assertSuccess("backup.sh");
        } finally {
            pushgateway.stop(0);
        }
        assertEquals(1, received.size(), received.toString());
        String push = received.get(0);
        assertTrue(push.startsWith("POST /metrics/job/pivot_backup/database/" + source.name() + "\n"), push);
        long pushed = heartbeatTimestamp(push, source.name());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - pushed) < 120, push);
        assertTrue(push.contains("pivot_backup_last_size_bytes{database=\"" + source.name() + "\"} "), push);

        // An unreachable Pushgateway: the backup is written, and the exit code says the heartbeat was not delivered.
        Commands.Result undelivered = backup(source, work, Map.of("PUSHGATEWAY_URL", "http://127.0.0.1:9"));
        assertEquals(3, undelivered.exitCode(), undelivered.stderr());
    }

    @Test
    void backupRefusesToWriteAnythingUnencrypted(@TempDir Path work) throws Exception {
        Db source = newDatabase("report");
        Map<String, String> env = new HashMap<>(backupEnvironment(source, work));
        env.remove("BACKUP_AGE_RECIPIENTS_FILE");
        Commands.Result refused = Commands.run(List.of("bash", SCRIPTS.resolve("backup.sh").toString(), "--database",
                source.name()), env, SCRIPT_TIMEOUT);
        assertEquals(2, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().contains("no unencrypted backups"), refused.stderr());
        assertFalse(Files.exists(work.resolve("backups/" + source.name())), "nothing may be written");
    }

    // ------------------------------------------------------------------ the drill's data

    /** Tables shaped like the services' own: uuids, bytea ciphertexts, jsonb, arrays, identities, a second schema. */
    private static void loadPlatformLikeData(Db db) throws Exception {
        String platformDataTables = DeployTree.read(DeployTree.root()
                .resolve("libs/platform-data/src/main/resources/db/platform-data-tables.sql"));
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE tenant (
                        id                UUID PRIMARY KEY,
                        client_key        TEXT NOT NULL UNIQUE,
                        base_url          TEXT NOT NULL,
                        state             TEXT NOT NULL CHECK (state IN ('INSTALLED', 'UNINSTALLED')),
                        secret_ciphertext BYTEA NOT NULL,
                        secret_key_id     TEXT NOT NULL,
                        installed_at      TIMESTAMPTZ NOT NULL,
                        erase_after       TIMESTAMPTZ,
                        version           BIGINT NOT NULL DEFAULT 0)""");
            s.execute("""
                    CREATE TABLE saved_report (
                        id               BIGSERIAL PRIMARY KEY,
                        tenant_id        UUID NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
                        owner_account_id TEXT NOT NULL,
                        name             TEXT NOT NULL,
                        source           JSONB NOT NULL,
                        configuration    JSONB NOT NULL,
                        created_at       TIMESTAMPTZ NOT NULL,
                        updated_at       TIMESTAMPTZ NOT NULL,
                        version          INTEGER NOT NULL DEFAULT 0)""");
            s.execute("CREATE INDEX saved_report_owner ON saved_report (tenant_id, owner_account_id)");
            s.execute("""
                    CREATE TABLE license_check (
                        id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        tenant_id  UUID NOT NULL REFERENCES tenant (id),
                        lic        TEXT NOT NULL,
                        source     TEXT NOT NULL,
                        checked_at TIMESTAMPTZ NOT NULL,
                        note       TEXT)""");
            s.execute("CREATE SCHEMA audit");
            s.execute("""
                    CREATE TABLE audit.support_access (
                        id          BIGSERIAL PRIMARY KEY,
                        engineer    TEXT NOT NULL,
                        tenant_id   UUID NOT NULL,
                        reason      TEXT NOT NULL,
                        records     INTEGER[] NOT NULL,
                        amount      NUMERIC(12, 4),
                        accessed_at TIMESTAMPTZ NOT NULL)""");
            s.execute(platformDataTables);
            s.execute("CREATE VIEW active_tenant AS SELECT id, client_key FROM tenant WHERE state = 'INSTALLED'");

            s.execute("""
                    INSERT INTO tenant (id, client_key, base_url, state, secret_ciphertext, secret_key_id, installed_at,
                                        erase_after, version)
                    SELECT md5('t' || g)::uuid, 'client-' || g, 'https://site' || g || '.atlassian.net',
                           CASE WHEN g % 7 = 0 THEN 'UNINSTALLED' ELSE 'INSTALLED' END,
                           decode(md5(g::text) || md5((g + 1)::text), 'hex'), 'k' || (g % 2 + 1),
                           timestamptz '2026-01-01 00:00:00+00' + g * interval '1 hour',
                           CASE WHEN g % 7 = 0 THEN timestamptz '2026-03-01 00:00:00+00' + g * interval '1 minute' END,
                           g % 4
                    FROM generate_series(1, 300) g""");
            s.execute("""
                    INSERT INTO saved_report (tenant_id, owner_account_id, name, source, configuration, created_at,
                                              updated_at, version)
                    SELECT md5('t' || (g % 300 + 1))::uuid, 'acc-' || (g % 97),
                           'Report ' || g || E' \\u00e9\\u00e8 "quoted" \\\\ back' || CASE WHEN g % 50 = 0 THEN E'\\nsecond line' ELSE '' END,
                           jsonb_build_object('type', 'jql', 'filterId', g),
                           jsonb_build_object('rows', jsonb_build_array('status', 'assignee'), 'measure', 'count',
                                              'n', g, 'nested', jsonb_build_object('x', g * 1.5)),
                           timestamptz '2026-02-01 00:00:00+00' + g * interval '1 minute',
                           timestamptz '2026-02-02 00:00:00+00' + g * interval '1 minute', g % 5
                    FROM generate_series(1, 4000) g""");
            // One large row, stored out of line (TOAST).
            s.execute("""
                    INSERT INTO saved_report (tenant_id, owner_account_id, name, source, configuration, created_at, updated_at)
                    VALUES (md5('t1')::uuid, 'acc-big', 'big', '{}'::jsonb,
                            jsonb_build_object('blob', repeat(md5('x'), 8000)), now(), now())""");
            s.execute("""
                    INSERT INTO license_check (tenant_id, lic, source, checked_at, note)
                    SELECT md5('t' || (g % 300 + 1))::uuid, CASE WHEN g % 3 = 0 THEN 'none' ELSE 'active' END,
                           CASE WHEN g % 2 = 0 THEN 'page' ELSE 'rest' END,
                           timestamptz '2026-02-01 00:00:00+00' + g * interval '30 seconds',
                           CASE WHEN g % 2 = 0 THEN 'note ' || g END
                    FROM generate_series(1, 2500) g""");
            s.execute("""
                    INSERT INTO audit.support_access (engineer, tenant_id, reason, records, amount, accessed_at)
                    SELECT 'engineer-' || (g % 5), md5('t' || g)::uuid, 'ticket SUP-' || g, ARRAY[g, g + 1, g * 2],
                           g / 7.0, timestamptz '2026-02-03 00:00:00+00' + g * interval '1 hour'
                    FROM generate_series(1, 100) g""");
            s.execute("""
                    INSERT INTO outbox_event (event_id, topic, message_key, payload, created_at, sent_at, attempts)
                    SELECT md5('e' || g)::uuid, 'pivot.tenant-lifecycle.v1', md5('t' || g)::uuid::text,
                           '{"type":"UNINSTALLED","n":' || g || '}', timestamptz '2026-02-04 00:00:00+00' + g * interval '1 s',
                           CASE WHEN g % 4 = 0 THEN NULL ELSE timestamptz '2026-02-04 00:00:00+00' + g * interval '2 s' END,
                           g % 3
                    FROM generate_series(1, 500) g""");
            s.execute("""
                    INSERT INTO processed_event (consumer, event_id, processed_at)
                    SELECT 'report-erasure', md5('e' || g)::uuid, timestamptz '2026-02-05 00:00:00+00' + g * interval '1 s'
                    FROM generate_series(1, 300) g""");
        }
    }

    /**
     * Everything a restore must reproduce, keyed by what it is: per table its row count and an order-independent
     * checksum of its rows; per sequence its position; the definitions of views, indexes and constraints.
     */
    private static Map<String, String> fingerprint(Db db) throws SQLException {
        Map<String, String> result = new TreeMap<>();
        try (Connection c = db.connect()) {
            List<String> tables = strings(c, """
                    SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                      AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1""");
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '-') FROM "
                                + table + " t")) {
                    rs.next();
                    result.put("table " + table, "rows=" + rs.getLong(1) + " checksum=" + rs.getString(2));
                }
            }
            for (String sequence : strings(c, """
                    SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences ORDER BY 1""")) {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + sequence)) {
                    rs.next();
                    result.put("sequence " + sequence, rs.getLong(1) + "/" + rs.getBoolean(2));
                }
            }
            for (String view : strings(c, """
                    SELECT format('%I.%I', schemaname, viewname) || ' ' || definition FROM pg_views
                    WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1""")) {
                result.put("view " + view.substring(0, view.indexOf(' ')), view.substring(view.indexOf(' ') + 1));
            }
            for (String index : strings(c, """
                    SELECT indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
                    ORDER BY 1""")) {
                result.put("index " + index, "present");
            }
            for (String constraint : strings(c, """
                    SELECT format('%I.%I', n.nspname, co.conname) || ' ' || pg_get_constraintdef(co.oid)
                    FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace
                    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1""")) {
                result.put("constraint " + constraint, "present");
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ plumbing

    /** A database of the drill, reached as its owner role; {@code password} differs only to simulate a wrong one. */
    private record Db(String name, String password) {
        Db(String name) {
            this(name, OWNER_PASSWORD);
        }

        Db withDatabase(String other) {
            return new Db(other, password);
        }

        Connection connect() throws SQLException {
            return postgres.connect(name, OWNER, password);
        }
    }

    /** A fresh copy of the drill data: a database created from the loaded template. */
    private static Db newDatabase(String service) throws SQLException {
        String name = service + "_drill_" + DATABASES.incrementAndGet();
        postgres.createDatabaseFromTemplate(name, TEMPLATE, OWNER);
        return new Db(name);
    }

    private static Map<String, String> backupEnvironment(Db db, Path work) {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", Integer.toString(postgres.port()));
        env.put("PGUSER", OWNER);
        env.put("PGPASSWORD", db.password());
        env.put("PG_BIN", pgBin.toString());
        env.put("BACKUP_DIR", work.resolve("backups").toString());
        env.put("BACKUP_TEXTFILE_DIR", work.resolve("textfile").toString());
        env.put("BACKUP_AGE_RECIPIENTS_FILE", recipients.toString());
        return env;
    }

    private static Commands.Result backup(Db db, Path work, Map<String, String> extra) {
        Map<String, String> env = backupEnvironment(db, work);
        env.putAll(extra);
        return Commands.run(List.of("bash", SCRIPTS.resolve("backup.sh").toString(), "--database", db.name()), env,
                SCRIPT_TIMEOUT);
    }

    private static Commands.Result restore(Db target, Path file, Path identityFile, boolean force) {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", Integer.toString(postgres.port()));
        env.put("PGUSER", OWNER);
        env.put("PGPASSWORD", target.password());
        env.put("PGDATABASE", target.name());
        env.put("PG_BIN", pgBin.toString());
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve("restore.sh").toString(), "--file",
                file.toString(), "--identity", identityFile.toString()));
        if (force) {
            command.add("--force");
        }
        return Commands.run(command, env, SCRIPT_TIMEOUT);
    }

    private static Path onlyBackupOf(Path work, Db db) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("backups/" + db.name()))) {
            List<Path> backups = files.filter(p -> p.getFileName().toString().endsWith(".dump.age")).toList();
            assertEquals(1, backups.size(), backups.toString());
            Path backup = backups.get(0);
            assertTrue(backup.getFileName().toString().matches(db.name() + "-\\d{8}T\\d{6}Z\\.dump\\.age"), backup.toString());
            String checksum = Files.readString(Path.of(backup + ".sha256"));
            assertTrue(checksum.matches("[0-9a-f]{64}  " + Pattern.quote(backup.getFileName().toString()) + "\n"), checksum);
            return backup;
        }
    }

    /** Each service's Flyway migrations (V{version}__*.sql) in the order Flyway applies them. */
    private static Map<String, List<Path>> serviceMigrations() throws IOException {
        Map<String, List<Path>> result = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(DeployTree.root())) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().endsWith("-service")).toList()) {
                Path migrations = dir.resolve("src/main/resources/db/migration");
                if (!Files.isDirectory(migrations)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(migrations)) {
                    List<Path> versioned = files.filter(f -> f.getFileName().toString().matches("V[0-9._]+__.*\\.sql"))
                            .sorted(Comparator.comparing(BackupRestoreDrillTest::flywayVersion, BackupRestoreDrillTest::compareVersions))
                            .toList();
                    if (!versioned.isEmpty()) {
                        result.put(dir.getFileName().toString(), versioned);
                    }
                }
            }
        }
        return result;
    }

    private static List<Long> flywayVersion(Path migration) {
        String name = migration.getFileName().toString();
        return Stream.of(name.substring(1, name.indexOf("__")).split("[._]")).map(Long::parseLong).toList();
    }

    private static int compareVersions(List<Long> a, List<Long> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int c = Long.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long heartbeatTimestamp(String metrics, String database) {
        Matcher m = Pattern.compile("(?m)^pivot_backup_last_success_timestamp_seconds\\{database=\""
                + Pattern.quote(database) + "\"} (\\d+)$").matcher(metrics);
        assertTrue(m.find(), "no heartbeat for " + database + " in:\n" + metrics);
        return Long.parseLong(m.group(1));
    }

    private static String stamp(Duration ago) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now().minus(ago));
    }

    private static long relationCount(Db db) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
