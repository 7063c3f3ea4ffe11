package dev.vantage.coordinator.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.store.CoordinatorLock;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import dev.vantage.coordinator.store.SupersededException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease on a real PostgreSQL (a schema of this test's own): stepping down, and the takeover's wait. */
class LeadershipTest {
    private static final String URL = env("VANTAGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = env("VANTAGE_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("VANTAGE_TEST_PG_PASSWORD", "");

    private final String schema = "vantage_leader_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    private StoreConfig config;

    @BeforeEach
    void createSchema() throws SQLException {
        sql("CREATE SCHEMA " + schema);
        config = StoreConfig.of(URL).withCredentials(USER, PASSWORD).withSchema(schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        sql("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void aCoordinatorWhoseEpochWasTakenStepsDownOnceAndCanNoLongerWrite() throws Exception {
        AtomicInteger lost = new AtomicInteger();
        try (CoordinatorLock lock = CoordinatorLock.acquire(config, Duration.ofMillis(100), () -> { });
                Store store = StoreFactory.open(config);
                Leadership leadership = Leadership.takeOver(store, lock, "a", Clock.systemUTC(), lost::incrementAndGet);
                Store other = StoreFactory.open(config)) {
            assertThat(leadership.gap()).isEmpty();

            other.takeOver("b", Clock.systemUTC().instant(), () -> { }); // as a coordinator that took the lock over would

            await().atMost(Duration.ofSeconds(5)).until(() -> lost.get() == 1);
            assertThatThrownBy(() -> store.createMonitor(new MonitorSpec("web", "127.0.0.1", 80, Duration.ofSeconds(10),
                    Duration.ofSeconds(2), List.of("eu-west")), Clock.systemUTC().instant())).isInstanceOf(SupersededException.class);
            assertThat(lost.get()).isEqualTo(1);
        }
    }

    @Test
    void takingOverASessionBoundLockWaitsOutThePreviousCoordinatorsLease() throws Exception {
        try (CoordinatorLock lock = CoordinatorLock.acquire(config, Duration.ofMillis(100), () -> { });
                Store store = StoreFactory.open(config);
                Leadership first = Leadership.takeOver(store, lock, "a", Clock.systemUTC(), () -> { })) {
            assertThat(first.epoch()).isEqualTo(1);
        }
        long started = System.nanoTime();
        try (CoordinatorLock lock = CoordinatorLock.acquire(config, Duration.ofMillis(100), () -> { });
                Store store = StoreFactory.open(config);
                Leadership second = Leadership.takeOver(store, lock, "b", Clock.systemUTC(), () -> { })) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Leadership.LEASE.plus(Leadership.MARGIN));
            assertThat(second.epoch()).isEqualTo(2);
            assertThat(second.gap()).hasValueSatisfying(g -> assertThat(g.length()).isGreaterThanOrEqualTo(Leadership.LEASE));
        }
    }

    @Test
    void aReleasedEpochCanNoLongerWriteAndTheNextCoordinatorTakesOverWithoutWaitingOutTheLease() throws Exception {
        Instant stoppedScheduling;
        try (CoordinatorLock lock = CoordinatorLock.acquire(config, Duration.ofMillis(100), () -> { });
                Store store = StoreFactory.open(config);
                Leadership first = Leadership.takeOver(store, lock, "a", Clock.systemUTC(), () -> { })) {
            stoppedScheduling = Clock.systemUTC().instant();

            first.release(stoppedScheduling);

            // a thread of the old coordinator still writing after the release, as if it had stalled
            assertThatThrownBy(() -> store.createMonitor(new MonitorSpec("web", "127.0.0.1", 80, Duration.ofSeconds(10),
                    Duration.ofSeconds(2), List.of("eu-west")), Clock.systemUTC().instant()))
                    .isInstanceOf(SupersededException.class).hasMessage("this coordinator released the store (epoch 1) and may no longer write");
            assertThat(store.stillActive(Clock.systemUTC().instant())).isFalse();
        }
        long started = System.nanoTime();
        try (CoordinatorLock lock = CoordinatorLock.acquire(config, Duration.ofMillis(100), () -> { });
                Store store = StoreFactory.open(config);
                Leadership second = Leadership.takeOver(store, lock, "b", Clock.systemUTC(), () -> { })) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Leadership.LEASE);
            assertThat(second.epoch()).isEqualTo(2);
            assertThat(second.gap()).hasValueSatisfying(g -> assertThat(g.from()).isEqualTo(stoppedScheduling.truncatedTo(ChronoUnit.MILLIS)));
            store.createMonitor(new MonitorSpec("web", "127.0.0.1", 80, Duration.ofSeconds(10), Duration.ofSeconds(2), List.of("eu-west")),
                    Clock.systemUTC().instant());
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
