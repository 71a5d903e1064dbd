package io.pivotreport.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * How to reach one database: what a service needs for {@code quarkus.datasource.*}.
 *
 * @param name     the database name
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/name}
 * @param user     the role that owns the database
 * @param password its password
 */
public record DatabaseInfo(String name, String jdbcUrl, String user, String password) {

    /** Opens a new JDBC connection with these credentials (the caller closes it). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    @Override
    public String toString() {
        return "DatabaseInfo[name=" + name + ", jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
    }
}
