package dev.vantage.coordinator.store;

import dev.vantage.common.time.CauseLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the SQLite file on a thread of its own. Left to SQLite, the
 * checkpoint runs inside the commit that crosses the WAL threshold, so the single writer
 * spends its time copying pages and waiting for fsync instead of storing results. PASSIVE
 * never blocks the writer or a reader; pages written again between two passes are copied once.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Connection connection;
    private final Duration every;
    private final Thread thread;
    private volatile boolean stopping;
    /** This thread only. */
    private final CauseLog failures = CauseLog.perMinute();

    WalCheckpointer(Connection connection, Duration every) {
        this.connection = connection;
        this.every = every;
        this.thread = new Thread(this::run, "vantage-wal-checkpoint");
        thread.setDaemon(true);
    }

    WalCheckpointer start() {
        thread.start();
        return this;
    }

    private void run() {
        try (Statement statement = connection.createStatement()) {
            while (!stopping) {
                TimeUnit.MILLISECONDS.sleep(every.toMillis());
                try {
                    statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    failures.clear();
                } catch (SQLException e) {
                    // The writer's own automatic checkpoint is the backstop until the next pass works. A full disk fails
                    // every pass: one line per cause a minute.
                    failures.failed(e.toString(), (cause, count) -> log.warn("WAL checkpoint failing, retrying every {}: {} "
                            + "(failed passes in the last minute: {})", every, cause, count));
                }
            }
        } catch (InterruptedException e) {
            // close() stops the thread between two passes
        } catch (SQLException e) {
            log.error("WAL checkpointer stopped; the writer's automatic checkpoint takes over", e);
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the WAL checkpoint connection failed: {}", e.toString());
        }
    }
}
