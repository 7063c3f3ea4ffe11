package dev.vantage.coordinator.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One active coordinator per store. Two coordinators on one store would both schedule every monitor
 * and both deliver every alert; a second one started against the same store therefore waits here as a
 * hot standby and takes over when the active one stops or dies. The lock lives and dies with its
 * holder: a PostgreSQL session-level advisory lock on a connection of its own (the server releases it
 * when that connection ends), or an operating-system lock on a file beside the SQLite database.
 */
public final class CoordinatorLock implements AutoCloseable {
    private final AutoCloseable held;
    private final String describe;
    private final HeldCheck check;
    private final boolean sessionBound;

    /** Whether the lock is still ours; a PostgreSQL lock goes with its session. */
    @FunctionalInterface
    private interface HeldCheck {
        boolean held() throws Exception;
    }

    private CoordinatorLock(AutoCloseable held, String describe, HeldCheck check, boolean sessionBound) {
        this.held = held;
        this.describe = describe;
        this.check = check;
        this.sessionBound = sessionBound;
    }

    /**
     * Takes the store's coordinator lock, waiting while another coordinator holds it.
     *
     * @param onWaiting called once, when the lock is found taken (the caller logs that it is a standby)
     * @throws StoreException when the store cannot be reached to take the lock
     * @throws InterruptedException when interrupted while waiting
     */
    public static CoordinatorLock acquire(StoreConfig config, Duration retryEvery, Runnable onWaiting) throws InterruptedException {
        boolean told = false;
        try (PostgresAttempts postgres = new PostgresAttempts(config)) {
            while (true) {
                CoordinatorLock lock = config.isSqlite() ? trySqlite(config) : postgres.tryLock();
                if (lock != null) {
                    return lock;
                }
                if (!told) {
                    onWaiting.run();
                    told = true;
                }
                TimeUnit.MILLISECONDS.sleep(retryEvery.toMillis());
            }
        }
    }

    /**
     * Whether the lock can be lost while its holder lives (a database session ended by the server), so that
     * the next holder must give the previous one time to notice and stop. A file lock goes only with its
     * process or its {@link #close}.
     */
    public boolean sessionBound() {
        return sessionBound;
    }

    /** What is locked, for logs. */
    public String describe() {
        return describe;
    }

    private static CoordinatorLock trySqlite(StoreConfig config) {
        Path db = SqliteDatabase.fileOf(config);
        Path file = db.resolveSibling(db.getFileName() + ".coordinator.lock");
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new CoordinatorLock(channel, "file lock " + file, lock::isValid, false);
            }
        } catch (OverlappingFileLockException e) {
            // held by another coordinator in this very process (tests, or the demo run twice)
        } catch (IOException e) {
            throw new StoreException("cannot take the coordinator lock " + file + ": " + e.getMessage(), e);
        }
        close(channel);
        return null;
    }

    /**
     * A standby's tries for the advisory lock on one session, kept between tries: polling often (a quick takeover
     * after a planned stop) costs one query each time, not a new database session.
     */
    private static final class PostgresAttempts implements AutoCloseable {
        private final StoreConfig config;
        private Connection session;

        PostgresAttempts(StoreConfig config) {
            this.config = config;
        }

        /** @return the lock, which takes the session with it; null while another coordinator holds it */
        CoordinatorLock tryLock() {
            try {
                if (session == null) {
                    Properties props = new Properties();
                    config.user().ifPresent(u -> props.setProperty("user", u));
                    config.password().ifPresent(p -> props.setProperty("password", p));
                    session = DriverManager.getConnection(config.jdbcUrl(), props);
                }
                // One lock per schema: the configured one, else the URL's (currentSchema=...), so that two stores in
                // separate schemas of one database do not make each other's coordinators wait.
                String key = "vantage-coordinator:" + config.schema().orElse(session.getSchema() == null ? "public" : session.getSchema());
                try (PreparedStatement s = session.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
                    s.setString(1, key);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (!r.getBoolean(1)) {
                            return null;
                        }
                    }
                }
                Connection held = session;
                session = null;
                return new CoordinatorLock(held, "advisory lock '" + key + "' in " + config.jdbcUrl(), () -> holdsAdvisoryLock(held), true);
            } catch (SQLException e) {
                close();
                throw new StoreException("cannot take the coordinator lock in " + config.jdbcUrl() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            CoordinatorLock.close(session);
            session = null;
        }
    }

    /** The session's own view: its advisory locks vanish when the server ends the session (restart, failover, kill). */
    private static boolean holdsAdvisoryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted")) {
            s.setQueryTimeout(1);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getLong(1) > 0;
            }
        }
    }

    /**
     * Whether this coordinator still holds the lock. False once the database ended the lock's session
     * (a restart or failover): a standby may have taken over, so this coordinator must stop.
     */
    public boolean isHeld() {
        try {
            return check.held();
        } catch (Exception e) {
            return false;
        }
    }

    private static void close(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing was held
            }
        }
    }

    /** Releases the lock: a standby coordinator takes over. */
    @Override
    public void close() {
        close(held);
    }
}
