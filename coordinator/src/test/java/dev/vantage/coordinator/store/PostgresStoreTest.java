package dev.vantage.coordinator.store;

import static dev.vantage.coordinator.store.StoreFixtures.T0;
import static dev.vantage.coordinator.store.StoreFixtures.connected;
import static dev.vantage.coordinator.store.StoreFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.model.Monitor;
import dev.vantage.coordinator.testing.TestPostgres;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real PostgreSQL server (VANTAGE_TEST_PG_URL, default
 * jdbc:postgresql://127.0.0.1:5432/test; user VANTAGE_TEST_PG_USER, default postgres), in a schema
 * of this class's own that is dropped afterwards. An unreachable server fails the tests, naming the URL.
 */
class PostgresStoreTest extends StoreContractTest {
    static final String URL = TestPostgres.URL;
    static final String USER = TestPostgres.USER;
    static final String PASSWORD = TestPostgres.PASSWORD;

    private static String schema;

    @BeforeAll
    static void createSchema() {
        schema = TestPostgres.createSchema("vantage_test");
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
    }

    @Override
    protected Store openEmptyStore() {
        Store opened = openSameStore();
        execute("TRUNCATE " + schema + ".monitors, " + schema + ".monitor_locations, " + schema + ".results, "
                + schema + ".latest_results, " + schema + ".monitor_alert_state, " + schema + ".deliveries, "
                + schema + ".alerts, " + schema + ".sequences, " + schema + ".tokens, "
                + schema + ".rollup_locations, " + schema + ".rollup_rounds, " + schema + ".rollup_watermark, " + schema + ".rollup_dirty, " + schema + ".coordinator_epoch, " + schema + ".coordinator_gaps, "
                + schema + ".location_health");
        return opened;
    }

    /**
     * Two coordinators on one PostgreSQL (on SQLite the active one's writer holds the file's write lock,
     * so a second one cannot write at all while the first lives).
     */
    @Test
    void aCoordinatorThatWasTakenOverFromCanNoLongerWriteAnything() {
        Tenure first = store.takeOver("coordinator-a", T0, () -> { });
        Monitor web = store.createMonitor(spec("web", "fra"), T0);
        int[] superseded = {0};
        store.takeOver("coordinator-a", T0, () -> superseded[0]++);
        try (Store second = openSameStore()) {
            Tenure next = second.takeOver("coordinator-b", T0.plusSeconds(3), () -> { });

            assertThat(next.epoch()).isEqualTo(first.epoch() + 2);
            assertThat(next.previousAliveAt()).contains(T0);
            assertThatThrownBy(() -> store.insertResults(List.of(connected(web.id(), "fra", T0))))
                    .isInstanceOf(SupersededException.class).hasMessageContaining("another coordinator is active");
            assertThatThrownBy(() -> store.createMonitor(spec("db", "fra"), T0)).isInstanceOf(SupersededException.class);
            assertThatThrownBy(() -> store.updateMonitor(web.id(), spec("web2", "fra"), T0)).isInstanceOf(SupersededException.class);
            assertThatThrownBy(() -> store.saveLocationHealth("fra", new SavedLocationHealth(false, Optional.empty(), 1, Optional.empty()),
                    List.of(), T0)).isInstanceOf(SupersededException.class);
            assertThat(store.stillActive(T0.plusSeconds(4))).isFalse();
            assertThat(superseded[0]).isEqualTo(5);
            assertThat(second.locationHealth()).isEmpty();
            assertThat(second.results(ResultQuery.newest(web.id(), 10))).isEmpty();
            assertThat(second.listMonitors()).containsExactly(web);

            assertThat(second.stillActive(T0.plusSeconds(4))).isTrue();
            assertThat(second.insertResults(List.of(connected(web.id(), "fra", T0.plusSeconds(4))))).isEqualTo(1);
        }
    }

    private static Store openSameStore() {
        return StoreFactory.open(StoreConfig.of(URL).withCredentials(USER, PASSWORD).withSchema(schema).withPoolSize(8)
                .withPurgeChunkSize(7));
    }

    static void execute(String sql) {
        TestPostgres.execute(sql);
    }
}
