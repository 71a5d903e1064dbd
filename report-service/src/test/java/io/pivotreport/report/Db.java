package io.pivotreport.report;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC against the service's own database, to check what is really stored. */
final class Db {

    private Db() {
    }

    static long count(DataSource dataSource, String sql, Object... parameters) {
        return ((Number) rows(dataSource, sql, parameters).get(0).values().iterator().next()).longValue();
    }

    static List<Map<String, Object>> rows(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        Object value = rs.getObject(c);
                        if (value instanceof java.sql.Array array) {
                            value = List.of((Object[]) array.getArray());
                        }
                        row.put(rs.getMetaData().getColumnLabel(c), value);
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int update(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Outbox account-reference events of one pair, by change. */
    static long referenceEvents(DataSource dataSource, String tenant, String account, String change) {
        return count(dataSource, "SELECT count(*) FROM outbox_event WHERE topic = 'pivot.account-references.v1' "
                + "AND message_key = ? AND payload::jsonb ->> 'accountId' = ? AND payload::jsonb ->> 'change' = ?",
                tenant, account, change);
    }

    /**
     * Every place in the database where {@code text} occurs: each text, jsonb and array column of every table of the
     * schema, cast to text. Returns {@code table.column} for each hit.
     */
    static List<String> occurrences(DataSource dataSource, String text) {
        List<String> hits = new ArrayList<>();
        for (Map<String, Object> column : rows(dataSource, "SELECT table_name, column_name FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb', "
                + "'json', 'ARRAY') ORDER BY table_name, column_name")) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            long found = count(dataSource, "SELECT count(*) FROM \"" + table + "\" WHERE strpos(\"" + name
                    + "\"::text, ?) > 0", text);
            if (found > 0) {
                hits.add(table + "." + name);
            }
        }
        return hits;
    }
}
