package io.pivotreport.analytics.support;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL against the service's real database, for assertions that must not go through the service itself. */
public final class Database {

    private final AgroalDataSource dataSource;

    public Database(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long count(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> strings(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long sessionRows(String tenant) {
        return count("SELECT count(*) FROM session_event WHERE tenant_id = ?", tenant);
    }

    public boolean stored(java.util.UUID eventId) {
        return count("SELECT count(*) FROM session_event WHERE event_id = ?", eventId) == 1;
    }

    /**
     * How many rows of any table of the service's schema contain {@code needle} anywhere (case-insensitive): the
     * sweep that proves a value was never stored, whatever column it might have slipped into.
     */
    public long rowsContainingAnywhere(String needle) {
        long hits = 0;
        for (String table : strings("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
            hits += count("SELECT count(*) FROM \"" + table + "\" t WHERE t::text ILIKE ?",
                    "%" + needle.replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return hits;
    }
}
