package dev.vantage.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One coordinator lock per store, on both databases: the second taker waits until the first lets go. */
class CoordinatorLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondCoordinatorOnTheSameSqliteFileWaitsUntilTheFirstLetsGo() throws Exception {
        secondWaitsForFirst(StoreConfig.of("jdbc:sqlite:" + dir.resolve("v.db")));
    }

    @Test
    void aSecondCoordinatorOnTheSamePostgresSchemaWaitsUntilTheFirstLetsGo() throws Exception {
        String schema = "vantage_lock_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        secondWaitsForFirst(StoreConfig.of(PostgresStoreTest.URL).withCredentials(PostgresStoreTest.USER, PostgresStoreTest.PASSWORD)
                .withSchema(schema));
    }

    @Test
    void aPostgresLockWhoseSessionTheServerEndedIsNoLongerHeld() throws Exception {
        StoreConfig config = StoreConfig.of(PostgresStoreTest.URL).withCredentials(PostgresStoreTest.USER, PostgresStoreTest.PASSWORD)
                .withSchema("vantage_lock_lost_" + System.nanoTime());
        try (CoordinatorLock lock = CoordinatorLock.acquire(config, Duration.ofMillis(50), () -> { })) {
            assertThat(lock.isHeld()).isTrue();

            // what a server restart or failover does to the lock's session
            PostgresStoreTest.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND objid = hashtext('vantage-coordinator:" + config.schema().orElseThrow() + "')::oid");

            await().atMost(Duration.ofSeconds(10)).until(() -> !lock.isHeld());
            try (CoordinatorLock standby = CoordinatorLock.acquire(config, Duration.ofMillis(50), () -> { })) {
                assertThat(standby.isHeld()).isTrue();
            }
        }
    }

    @Test
    void coordinatorsOfDifferentPostgresSchemasDoNotWaitForEachOther() throws Exception {
        StoreConfig base = StoreConfig.of(PostgresStoreTest.URL).withCredentials(PostgresStoreTest.USER, PostgresStoreTest.PASSWORD);
        try (CoordinatorLock a = CoordinatorLock.acquire(base.withSchema("vantage_lock_a_" + System.nanoTime()), Duration.ofMillis(50), () -> { });
             CoordinatorLock b = CoordinatorLock.acquire(base.withSchema("vantage_lock_b_" + System.nanoTime()), Duration.ofMillis(50),
                     () -> { throw new AssertionError("b waited for a"); })) {
            assertThat(a.describe()).isNotEqualTo(b.describe());
        }
    }

    private static void secondWaitsForFirst(StoreConfig config) throws Exception {
        AtomicBoolean toldToWait = new AtomicBoolean();
        CoordinatorLock first = CoordinatorLock.acquire(config, Duration.ofMillis(50), () -> { });
        CompletableFuture<CoordinatorLock> second = CompletableFuture.supplyAsync(() -> {
            try {
                return CoordinatorLock.acquire(config, Duration.ofMillis(50), () -> toldToWait.set(true));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).untilTrue(toldToWait);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());

            first.close();

            CoordinatorLock taken = second.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(taken.describe()).isNotBlank();
            taken.close();
        } finally {
            first.close();
        }
    }
}
