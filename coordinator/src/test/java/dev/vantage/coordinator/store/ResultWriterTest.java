package dev.vantage.coordinator.store;

import static dev.vantage.coordinator.store.StoreFixtures.T0;
import static dev.vantage.coordinator.store.StoreFixtures.connected;
import static dev.vantage.coordinator.store.StoreFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {
    @TempDir
    Path dir;

    private Store store;
    private long monitorId;

    @BeforeEach
    void open() {
        store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")));
        monitorId = store.createMonitor(spec("web", "fra"), T0).id();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static ResultWriter.Settings settings(int capacity, int batchSize) {
        return ResultWriter.Settings.defaults().withCapacity(capacity, batchSize)
                .withRetryDelays(Duration.ofMillis(1), Duration.ofMillis(5));
    }

    private ProbeResult result(int i) {
        return connected(monitorId, "fra", T0.plusMillis(i));
    }

    @Test
    void flushReturnsOnceEverythingSubmittedIsReadable() throws Exception {
        try (ResultWriter writer = new ResultWriter(store, settings(100, 10)).start()) {
            for (int i = 0; i < 25; i++) {
                writer.submit(result(i));
            }

            writer.flush();

            assertThat(store.results(ResultQuery.newest(monitorId, 100))).hasSize(25);
            assertThat(writer.stored()).isEqualTo(25);
            assertThat(writer.batchesWritten()).isGreaterThanOrEqualTo(3);
            assertThat(writer.queued()).isZero();
        }
    }

    @Test
    void closeStoresWhatIsStillQueuedAndRefusesMore() throws Exception {
        ResultWriter writer = new ResultWriter(store, settings(100, 1000)).start();
        for (int i = 0; i < 40; i++) {
            writer.submit(result(i));
        }

        writer.close();

        assertThat(store.results(ResultQuery.newest(monitorId, 100))).hasSize(40);
        assertThatThrownBy(() -> writer.submit(result(41))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        writer.flush(); // nothing left to wait for
    }

    @Test
    void aFullQueueBlocksTheSubmitterUntilTheDatabaseCatchesUp() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Store slow = new DelegatingStore(store) {
            @Override
            public int insertResults(List<ProbeResult> results) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return super.insertResults(results);
            }
        };
        try (ResultWriter writer = new ResultWriter(slow, settings(4, 2)).start()) {
            // given the writer is stuck writing a first batch and the queue is full behind it
            writer.submit(result(0));
            writing.await();
            for (int i = 1; i <= 4; i++) {
                writer.submit(result(i));
            }
            assertThat(writer.queued()).isEqualTo(4);

            // when one more result comes in
            AtomicBoolean accepted = new AtomicBoolean();
            Thread submitter = new Thread(() -> {
                try {
                    writer.submit(result(5));
                    accepted.set(true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            submitter.start();

            // then its submitter waits, and nothing is dropped
            await().until(() -> submitter.getState() == Thread.State.WAITING);
            assertThat(accepted).isFalse();
            release.countDown();
            submitter.join();
            assertThat(accepted).isTrue();
            writer.flush();
            assertThat(writer.stored()).isEqualTo(6);
            assertThat(store.results(ResultQuery.newest(monitorId, 100))).hasSize(6);
        }
    }

    @Test
    void aFailedWriteIsRetriedAndTheWriterKeepsGoing() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        Store flaky = new DelegatingStore(store) {
            @Override
            public int insertResults(List<ProbeResult> results) {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new StoreException("database is locked (simulated)", null);
                }
                return super.insertResults(results);
            }
        };
        try (ResultWriter writer = new ResultWriter(flaky, settings(100, 10)).start()) {
            for (int i = 0; i < 30; i++) {
                writer.submit(result(i));
            }
            writer.flush();

            assertThat(writer.failedAttempts()).isEqualTo(3);
            assertThat(writer.stored()).isEqualTo(30);

            writer.submit(result(100));
            writer.flush();
            assertThat(store.results(ResultQuery.newest(monitorId, 100))).hasSize(31);
        }
    }

    @Test
    void failingIsTrueFromAFailedWriteUntilOneSucceedsAndOnlyStoredBatchesAreTimed() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        Store outage = new DelegatingStore(store) {
            @Override
            public int insertResults(List<ProbeResult> results) {
                if (down.get()) {
                    throw new StoreException("connection refused (simulated)", null);
                }
                return super.insertResults(results);
            }
        };
        List<Long> batchNanos = new CopyOnWriteArrayList<>();
        try (ResultWriter writer = new ResultWriter(outage, settings(100, 10), batchNanos::add).start()) {
            assertThat(writer.failing()).isFalse();
            writer.submit(result(1));

            await().until(writer::failing);
            assertThat(batchNanos).isEmpty();

            down.set(false);
            writer.flush();
            assertThat(writer.failing()).isFalse();
            assertThat(batchNanos).singleElement().satisfies(n -> assertThat(n).isPositive());
        }
    }

    @Test
    void whileTheStoreFailsNothingIsAcknowledgedAndTheFailureSaysSinceWhenAndWhyWithoutCredentials() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        Store outage = new DelegatingStore(store) {
            @Override
            public int insertResults(List<ProbeResult> results) {
                if (down.get()) {
                    throw new StoreException("cannot insert 1 results in PostgreSQL jdbc:postgresql://vantage:hunter2@db/vantage",
                            new java.sql.SQLException("Connection refused"));
                }
                return super.insertResults(results);
            }
        };
        try (ResultWriter writer = new ResultWriter(outage, settings(100, 10)).start()) {
            writer.submit(result(1));
            CompletableFuture<Void> acknowledged = writer.whenStored();

            await().until(writer::failing);
            ResultWriter.Failure failure = writer.failure().orElseThrow();
            assertThat(failure.problem()).isEqualTo("cannot insert 1 results in PostgreSQL jdbc:postgresql://vantage:***@db/vantage");
            Instant since = failure.since();
            await().until(() -> writer.failedAttempts() >= 3);
            assertThat(writer.failure().orElseThrow().since()).isEqualTo(since);
            assertThat(acknowledged).isNotDone();

            down.set(false);
            acknowledged.get(30, TimeUnit.SECONDS);
            assertThat(writer.failure()).isEmpty();
            assertThat(store.results(ResultQuery.newest(monitorId, 10))).hasSize(1);
        }
    }

    @Test
    void resultsOfADeletedMonitorAreCountedAsSkipped() throws Exception {
        long gone = store.createMonitor(spec("gone", "fra"), T0).id();
        store.deleteMonitor(gone);
        try (ResultWriter writer = new ResultWriter(store, settings(100, 10)).start()) {
            writer.submit(connected(gone, "fra", T0));
            writer.submit(result(1));
            writer.flush();

            assertThat(writer.stored()).isEqualTo(1);
            assertThat(writer.skipped()).isEqualTo(1);
        }
    }

    /** Passes everything to a real store; tests override what they break. */
    private static class DelegatingStore implements Store {
        private final Store delegate;

        DelegatingStore(Store delegate) {
            this.delegate = delegate;
        }

        @Override
        public Monitor createMonitor(MonitorSpec spec, Instant now) {
            return delegate.createMonitor(spec, now);
        }

        @Override
        public ResultSummary summarizeResults(long monitorId, Instant since, Instant until) {
            return delegate.summarizeResults(monitorId, since, until);
        }

        @Override
        public RollupPass rollUpResults(Instant upTo, int maxHours) {
            return delegate.rollUpResults(upTo, maxHours);
        }

        @Override
        public int purgeRollupsBefore(Instant cutoff) {
            return delegate.purgeRollupsBefore(cutoff);
        }

        @Override
        public List<dev.vantage.coordinator.alert.Alert> incidentAlerts(long monitorId, Instant since) {
            return delegate.incidentAlerts(monitorId, since);
        }

        @Override
        public List<Monitor> createMonitors(List<MonitorSpec> specs, Instant now) {
            return delegate.createMonitors(specs, now);
        }

        @Override
        public List<Monitor> findMonitorsByName(java.util.Collection<String> names) {
            return delegate.findMonitorsByName(names);
        }

        @Override
        public List<Monitor> applyMonitors(List<MonitorWrite> writes, List<Long> deletes, Instant now) {
            return delegate.applyMonitors(writes, deletes, now);
        }

        @Override
        public Monitor updateMonitor(long id, MonitorSpec spec, Instant now) {
            return delegate.updateMonitor(id, spec, now);
        }

        @Override
        public Monitor setPaused(long id, boolean paused, Instant now) {
            return delegate.setPaused(id, paused, now);
        }

        @Override
        public Optional<Monitor> deleteMonitor(long id) {
            return delegate.deleteMonitor(id);
        }

        @Override
        public Optional<Monitor> findMonitor(long id) {
            return delegate.findMonitor(id);
        }

        @Override
        public Optional<Monitor> findMonitorByName(String name) {
            return delegate.findMonitorByName(name);
        }

        @Override
        public List<Monitor> listMonitors() {
            return delegate.listMonitors();
        }

        @Override
        public int insertResults(List<ProbeResult> results) {
            return delegate.insertResults(results);
        }

        @Override
        public List<ProbeResult> results(ResultQuery query) {
            return delegate.results(query);
        }

        @Override
        public List<HourlyCount> hourlyCounts(Collection<Long> monitorIds, Instant since) {
            return delegate.hourlyCounts(monitorIds, since);
        }

        @Override
        public List<ProbeResult> latestResults() {
            return delegate.latestResults();
        }

        @Override
        public int purgeResultsBefore(Instant cutoff) {
            return delegate.purgeResultsBefore(cutoff);
        }

        @Override
        public java.util.Map<Long, SavedAlertState> alertStates() {
            return delegate.alertStates();
        }

        @Override
        public List<dev.vantage.coordinator.alert.Alert> saveAlertState(long monitorId, SavedAlertState state,
                List<dev.vantage.coordinator.alert.AlertIntent> alerts, Instant now) {
            return delegate.saveAlertState(monitorId, state, alerts, now);
        }

        @Override
        public java.util.Map<String, SavedLocationHealth> locationHealth() {
            return delegate.locationHealth();
        }

        @Override
        public List<dev.vantage.coordinator.alert.Alert> saveLocationHealth(String location, SavedLocationHealth health,
                List<dev.vantage.coordinator.alert.AlertIntent> alerts, Instant now) {
            return delegate.saveLocationHealth(location, health, alerts, now);
        }

        @Override
        public List<dev.vantage.coordinator.alert.Alert> forgetLocationHealth(String location,
                List<dev.vantage.coordinator.alert.AlertIntent> alerts, Instant now) {
            return delegate.forgetLocationHealth(location, alerts, now);
        }

        @Override
        public List<dev.vantage.coordinator.alert.Alert> alertsAfter(long sequence, int max) {
            return delegate.alertsAfter(sequence, max);
        }

        @Override
        public List<dev.vantage.coordinator.alert.Alert> recentAlerts(Optional<Long> monitorId, int max) {
            return delegate.recentAlerts(monitorId, max);
        }

        @Override
        public boolean createToken(StoredToken token) {
            return delegate.createToken(token);
        }

        @Override
        public List<StoredToken> tokens() {
            return delegate.tokens();
        }

        @Override
        public boolean revokeToken(String name, Instant at) {
            return delegate.revokeToken(name, at);
        }

        @Override
        public void markTokensUsed(Map<String, Instant> lastUsed) {
            delegate.markTokensUsed(lastUsed);
        }

        @Override
        public dev.vantage.coordinator.alert.Outbox outbox(java.time.Clock clock) {
            return delegate.outbox(clock);
        }

        @Override
        public String bindAgentCertificate(String agentId, String subject, Instant now) {
            return delegate.bindAgentCertificate(agentId, subject, now);
        }

        @Override
        public long sizeOnDiskBytes() {
            return delegate.sizeOnDiskBytes();
        }

        @Override
        public Tenure takeOver(String holder, Instant now, Runnable onSuperseded) {
            return delegate.takeOver(holder, now, onSuperseded);
        }

        @Override
        public boolean stillActive(Instant now) {
            return delegate.stillActive(now);
        }

        @Override
        public boolean release(Instant lastActive, Instant at) {
            return delegate.release(lastActive, at);
        }

        @Override
        public void recordGap(CoordinatorGap gap) {
            delegate.recordGap(gap);
        }

        @Override
        public List<CoordinatorGap> gaps(Instant since, Instant until) {
            return delegate.gaps(since, until);
        }

        @Override
        public java.util.Map<Long, java.util.Set<String>> roundsRunSince(Instant since) {
            return delegate.roundsRunSince(since);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
