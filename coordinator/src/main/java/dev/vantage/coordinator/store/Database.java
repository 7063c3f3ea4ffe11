package dev.vantage.coordinator.store;

import java.sql.SQLException;

/**
 * How {@link JdbcStore} gets connections: every write in one transaction, every read in one
 * consistent snapshot. The two implementations differ in how writers are serialized.
 */
interface Database extends AutoCloseable {

    /** Runs work in a read-write transaction; commits, or rolls back when it throws. */
    <T> T write(SqlWork<T> work) throws SQLException;

    /** Runs work in a transaction that only reads. */
    <T> T read(SqlWork<T> work) throws SQLException;

    /** Whether the exception is the violated UNIQUE constraint on monitor names. */
    boolean isDuplicateName(SQLException e);

    /**
     * What to append to a SELECT of one row to hold it against updates until the transaction ends
     * (empty where writers are serialized anyway).
     */
    String sharedRowLock();

    long sizeOnDiskBytes() throws SQLException;

    /** Where the data is, for messages. */
    String describe();

    @Override
    void close();
}
