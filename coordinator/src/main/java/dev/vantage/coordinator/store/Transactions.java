package dev.vantage.coordinator.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One transaction on a pooled connection. */
final class Transactions {
    private Transactions() {
    }

    static <T> T run(DataSource pool, SqlWork<T> work) throws SQLException {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                SqliteDatabase.rollbackQuietly(connection, e);
                throw e;
            }
        }
    }
}
