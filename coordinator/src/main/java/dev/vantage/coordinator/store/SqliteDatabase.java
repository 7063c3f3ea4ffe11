package dev.vantage.coordinator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * An SQLite file in WAL mode: one writer connection behind a lock (SQLite has one writer at a
 * time anyway, and this way writers queue here instead of spinning on SQLITE_BUSY), a small
 * pool of reader connections, which WAL lets read while the writer writes, and a
 * {@link WalCheckpointer} that keeps WAL checkpoints off the writer.
 */
final class SqliteDatabase implements Database {
    static final int BUSY_TIMEOUT_MS = 5_000;
    private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);
    /**
     * WAL pages (256 MiB) after which a commit checkpoints by itself: only reached when the
     * checkpointer falls behind or stopped, and bounds the WAL file then.
     */
    private static final int WRITER_AUTOCHECKPOINT_PAGES = 65_536;
    /**
     * KiB (256 MiB): results and latest results land on random pages of the per-monitor indexes,
     * so the writer's working set grows with the number of monitors; a page it has to read back
     * from the file costs it a system call.
     */
    private static final int WRITER_CACHE_KIB = 262_144;

    private final Path file;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /** Replaced after a failed write (guarded by {@code writeLock}). */
    private Connection writer;
    /** The last replacement failed too: the next write opens a connection first. */
    private boolean writerBroken;
    private final HikariDataSource readers;
    private final WalCheckpointer checkpointer;

    private SqliteDatabase(Path file, Connection writer, HikariDataSource readers, WalCheckpointer checkpointer) {
        this.file = file;
        this.writer = writer;
        this.readers = readers;
        this.checkpointer = checkpointer;
    }

    /** The data source Flyway migrates with, before {@link #open} opens the long-lived connections. */
    static SQLiteDataSource dataSource(Path file, boolean writer) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        config.setCacheSize(-32_768); // KiB: 32 MiB of page cache per connection
        if (writer) {
            // Take the write lock at BEGIN, so the busy timeout applies there and not at an upgrade.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setCacheSize(-WRITER_CACHE_KIB);
            config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, String.valueOf(WRITER_AUTOCHECKPOINT_PAGES));
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(StoreConfig.SQLITE_PREFIX + file);
        return dataSource;
    }

    static Path fileOf(StoreConfig config) {
        Path file = Path.of(config.jdbcUrl().substring(StoreConfig.SQLITE_PREFIX.length())).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for the store " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    static SqliteDatabase open(Path file, int readers) throws SQLException {
        Connection writer = dataSource(file, true).getConnection();
        writer.setAutoCommit(false);
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(dataSource(file, false));
        pool.setMaximumPoolSize(readers);
        pool.setMinimumIdle(1);
        pool.setPoolName("vantage-sqlite-readers");
        try {
            HikariDataSource readerPool = new HikariDataSource(pool);
            try {
                WalCheckpointer checkpointer = new WalCheckpointer(dataSource(file, false).getConnection(), CHECKPOINT_EVERY);
                return new SqliteDatabase(file, writer, readerPool, checkpointer.start());
            } catch (SQLException | RuntimeException e) {
                readerPool.close();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /**
     * After a failed write other than a violated constraint (a full disk, an I/O error, a file made
     * read-only) the writer connection is replaced: SQLite may have rolled the transaction back by
     * itself, and the driver would then run the next statements outside any transaction ("cannot
     * commit - no transaction is active"), so a retried batch could be stored in part, twice.
     */
    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        writeLock.lock();
        try {
            if (writerBroken) {
                reopenWriter();
            }
            try {
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(writer, e);
                if (!isConstraint(e)) {
                    replaceWriter(e);
                }
                throw e;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(writer, e);
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** One writer at a time, across processes too (the write lock is taken at BEGIN): nothing to lock. */
    @Override
    public String sharedRowLock() {
        return "";
    }

    private static boolean isConstraint(SQLException e) {
        return e instanceof SQLiteException s && (s.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_CONSTRAINT.code;
    }

    /** Caller holds the write lock. */
    private void replaceWriter(SQLException cause) {
        try {
            reopenWriter();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Caller holds the write lock. */
    private void reopenWriter() throws SQLException {
        try {
            writer.close();
        } catch (SQLException e) {
            // the old connection is being dropped because it failed; its close may fail the same way
        }
        writerBroken = true;
        Connection fresh = dataSource(file, true).getConnection();
        fresh.setAutoCommit(false);
        writer = fresh;
        writerBroken = false;
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        return Transactions.run(readers, work);
    }

    @Override
    public boolean isDuplicateName(SQLException e) {
        // SQLite names the columns, not the constraint: "UNIQUE constraint failed: monitors.name"
        return e instanceof SQLiteException s
                && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT)
                && String.valueOf(e.getMessage()).contains("monitors.name");
    }

    @Override
    public long sizeOnDiskBytes() {
        long total = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path part = Path.of(file + suffix);
            try {
                total += Files.size(part);
            } catch (IOException e) {
                // a WAL or shared-memory file that is not there takes no room
            }
        }
        return total;
    }

    @Override
    public String describe() {
        return "SQLite file " + file;
    }

    @Override
    public void close() {
        checkpointer.close();
        readers.close();
        writeLock.lock();
        try {
            writer.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing " + describe() + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
