package io.pivotreport.analytics.service;

import io.agroal.api.AgroalDataSource;
import io.pivotreport.events.SessionEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a batch of session events in one statement: the columns travel as arrays and are {@code unnest}ed
 * server-side, which costs one round trip per batch. {@code ON CONFLICT (event_id) DO NOTHING} makes a redelivered
 * event a no-op, and {@code RETURNING} tells which ids were new.
 */
@ApplicationScoped
public class SessionEventStore {

    private static final String INSERT = """
            INSERT INTO session_event (event_id, tenant_id, type, occurred_at, received_at, source_type, source_ids,
                                       issue_count, row_count, column_count, total_ms, fetch_ms, render_ms,
                                       app_version, browser_family, failure_code)
            SELECT e.event_id, e.tenant_id, e.type, e.occurred_at, ?, e.source_type,
                   CASE WHEN e.source_ids IS NULL THEN NULL ELSE string_to_array(e.source_ids, ',') END,
                   e.issue_count, e.row_count, e.column_count, e.total_ms, e.fetch_ms, e.render_ms,
                   e.app_version, e.browser_family, e.failure_code
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::text[],
                        ?::int[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[])
                 AS e(event_id, tenant_id, type, occurred_at, source_type, source_ids, issue_count, row_count,
                      column_count, total_ms, fetch_ms, render_ms, app_version, browser_family, failure_code)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id
            """;

    /**
     * First key of the transaction-scoped advisory locks that order ingest against erasure per tenant (the second is
     * {@code hashtext(tenant_id)}): ingest holds them shared, erasure exclusive.
     */
    public static final int TENANT_LOCK_SPACE = 0x5e55;

    private static final String LOCK_TENANTS = """
            SELECT pg_advisory_xact_lock_shared(?, hashtext(t)) FROM unnest(?::text[]) WITH ORDINALITY AS u(t, n)
            ORDER BY n
            """;
    private static final String ERASED_TENANTS = "SELECT tenant_id FROM erased_tenant WHERE tenant_id = ANY(?::text[])";

    /** What a batch came to: the ids newly stored, and the tenants of the batch that were already erased. */
    public record Stored(Set<UUID> inserted, Set<String> erasedTenants) {

        static final Stored NOTHING = new Stored(Set.of(), Set.of());
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    /**
     * Stores the events in the caller's (or a new) transaction, except those of erased tenants. The tenants' shared
     * locks make an erasure that runs at the same time wait for this transaction (and its DELETE then sees these
     * rows), or make this transaction wait for the erasure (and then see its tombstone): no row of an erased tenant
     * survives either order.
     */
    @Transactional
    public Stored store(Collection<SessionEvent> events) {
        if (events.isEmpty()) {
            return Stored.NOTHING;
        }
        try (Connection connection = dataSource.getConnection()) {
            Set<String> erased = lockTenantsAndFindErased(connection, events);
            List<SessionEvent> live = erased.isEmpty() ? List.copyOf(events)
                    : events.stream().filter(e -> !erased.contains(e.tenantId())).toList();
            return new Stored(live.isEmpty() ? Set.of() : insert(connection, live), erased);
        } catch (SQLException e) {
            throw new IllegalStateException("Storing a batch of " + events.size() + " session events failed (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    private static Set<String> lockTenantsAndFindErased(Connection connection, Collection<SessionEvent> events)
            throws SQLException {
        // sorted: the same order in every transaction
        String[] tenants = events.stream().map(SessionEvent::tenantId).distinct().sorted().toArray(String[]::new);
        Array tenantArray = connection.createArrayOf("text", tenants);
        try {
            try (PreparedStatement lock = connection.prepareStatement(LOCK_TENANTS)) {
                lock.setInt(1, TENANT_LOCK_SPACE);
                lock.setArray(2, tenantArray);
                lock.execute();
            }
            // a statement of its own: under READ COMMITTED it sees a tombstone committed while the lock was awaited
            Set<String> erased = new HashSet<>();
            try (PreparedStatement find = connection.prepareStatement(ERASED_TENANTS)) {
                find.setArray(1, tenantArray);
                try (ResultSet result = find.executeQuery()) {
                    while (result.next()) {
                        erased.add(result.getString(1));
                    }
                }
            }
            return erased;
        } finally {
            tenantArray.free();
        }
    }

    private Set<UUID> insert(Connection connection, Collection<SessionEvent> events) throws SQLException {
        int n = events.size();
        Object[] ids = new Object[n];
        Object[] tenants = new Object[n];
        Object[] types = new Object[n];
        Object[] occurred = new Object[n];
        Object[] sourceTypes = new Object[n];
        Object[] sourceIds = new Object[n];
        Object[] issues = new Object[n];
        Object[] rows = new Object[n];
        Object[] columns = new Object[n];
        Object[] total = new Object[n];
        Object[] fetch = new Object[n];
        Object[] render = new Object[n];
        Object[] appVersions = new Object[n];
        Object[] browsers = new Object[n];
        Object[] failureCodes = new Object[n];
        int i = 0;
        for (SessionEvent e : events) {
            ids[i] = e.eventId();
            tenants[i] = e.tenantId();
            types[i] = SessionEventColumns.type(e.type());
            occurred[i] = Timestamp.from(e.occurredAt());
            sourceTypes[i] = e.source() == null ? null : SessionEventColumns.sourceType(e.source().type());
            // ids are digits or Jira keys (validated), so a comma cannot occur inside one
            sourceIds[i] = e.source() == null || e.source().ids() == null ? null : String.join(",", e.source().ids());
            issues[i] = e.counts() == null ? null : e.counts().issues();
            rows[i] = e.counts() == null ? null : e.counts().rows();
            columns[i] = e.counts() == null ? null : e.counts().columns();
            total[i] = e.timings() == null ? null : e.timings().totalMs();
            fetch[i] = e.timings() == null ? null : e.timings().fetchMs();
            render[i] = e.timings() == null ? null : e.timings().renderMs();
            appVersions[i] = e.appVersion();
            browsers[i] = e.browserFamily() == null ? null : SessionEventColumns.browser(e.browserFamily());
            failureCodes[i] = e.failureCode();
            i++;
        }
        Set<UUID> inserted = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            List<Array> arrays = new ArrayList<>();
            statement.setTimestamp(1, Timestamp.from(clock.instant()));
            statement.setArray(2, track(arrays, connection.createArrayOf("uuid", ids)));
            statement.setArray(3, track(arrays, connection.createArrayOf("text", tenants)));
            statement.setArray(4, track(arrays, connection.createArrayOf("text", types)));
            statement.setArray(5, track(arrays, connection.createArrayOf("timestamptz", occurred)));
            statement.setArray(6, track(arrays, connection.createArrayOf("text", sourceTypes)));
            statement.setArray(7, track(arrays, connection.createArrayOf("text", sourceIds)));
            statement.setArray(8, track(arrays, connection.createArrayOf("int4", issues)));
            statement.setArray(9, track(arrays, connection.createArrayOf("int4", rows)));
            statement.setArray(10, track(arrays, connection.createArrayOf("int4", columns)));
            statement.setArray(11, track(arrays, connection.createArrayOf("int4", total)));
            statement.setArray(12, track(arrays, connection.createArrayOf("int4", fetch)));
            statement.setArray(13, track(arrays, connection.createArrayOf("int4", render)));
            statement.setArray(14, track(arrays, connection.createArrayOf("text", appVersions)));
            statement.setArray(15, track(arrays, connection.createArrayOf("text", browsers)));
            statement.setArray(16, track(arrays, connection.createArrayOf("text", failureCodes)));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    inserted.add(result.getObject(1, UUID.class));
                }
            }
            for (Array array : arrays) {
                array.free();
            }
        }
        return inserted;
    }

    private static Array track(List<Array> arrays, Array array) {
        arrays.add(array);
        return array;
    }
}
