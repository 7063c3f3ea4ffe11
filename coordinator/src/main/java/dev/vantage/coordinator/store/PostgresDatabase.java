package dev.vantage.coordinator.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.vantage.common.text.Redaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL through a HikariCP pool, shared by several coordinators. Concurrent writers are
 * the database's business: unique constraints and row locks keep them apart.
 */
final class PostgresDatabase implements Database {
    private static final String UNIQUE_VIOLATION = "23505";

    private final HikariDataSource pool;
    private final String url;

    PostgresDatabase(HikariDataSource pool, String url) {
        this.pool = pool;
        this.url = url;
    }

    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        return Transactions.run(pool, work);
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        return Transactions.run(pool, work);
    }

    @Override
    public boolean isDuplicateName(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("monitors_name_unique");
    }

    @Override
    public String sharedRowLock() {
        return " FOR SHARE";
    }

    @Override
    public long sizeOnDiskBytes() throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                                + " WHERE n.nspname = current_schema() AND c.relkind = 'r'");
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public String describe() {
        return "PostgreSQL " + Redaction.url(url);
    }

    @Override
    public void close() {
        pool.close();
    }
}
