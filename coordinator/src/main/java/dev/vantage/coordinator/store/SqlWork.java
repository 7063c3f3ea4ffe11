package dev.vantage.coordinator.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Something to do with a connection inside a transaction. */
@FunctionalInterface
interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
