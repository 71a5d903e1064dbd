package io.pivotreport.test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} its own fresh database on the JVM's shared real PostgreSQL ({@link TestPostgres}).
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = PostgresTestResource.class,
 *                   initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "license"))
 * class TenantResourceTest { ... }
 * }</pre>
 *
 * Init args: {@code database} (default: a unique {@code test_<n>_<random>} name), {@code datasource} (a named
 * datasource, default the default one). Returns {@code quarkus.datasource[.<name>].db-kind=postgresql},
 * {@code .jdbc.url}, {@code .username}, {@code .password}. The database is dropped-and-recreated when the resource
 * starts; the server lives until the JVM ends.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    /** Init arg: database name. */
    public static final String DATABASE = "database";
    /** Init arg: named datasource (omit for the default datasource). */
    public static final String DATASOURCE = "datasource";

    private String database;
    private String datasource;
    private DatabaseInfo info;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get(DATABASE);
        datasource = initArgs.get(DATASOURCE);
    }

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestPostgres.shared();
        info = database == null || database.isBlank() ? postgres.createDatabase() : postgres.createDatabase(database);
        String prefix = datasource == null || datasource.isBlank() ? "quarkus.datasource."
                : "quarkus.datasource.\"" + datasource + "\".";
        return Map.of(
                prefix + "db-kind", "postgresql",
                prefix + "jdbc.url", info.jdbcUrl(),
                prefix + "username", info.user(),
                prefix + "password", info.password());
    }

    @Override
    public void stop() {
        // the database stays for post-mortem inspection; the server stops with the JVM
    }

    /** The database created by {@link #start()} (null before). */
    public DatabaseInfo database() {
        return info;
    }
}
