package dev.vantage.coordinator.store;

import static dev.vantage.coordinator.store.StoreFixtures.T0;
import static dev.vantage.coordinator.store.StoreFixtures.connected;
import static dev.vantage.coordinator.store.StoreFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.model.Monitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    private StoreConfig config() {
        return StoreConfig.of("jdbc:sqlite:" + dir.resolve("data/vantage.db"));
    }

    @Override
    protected Store openEmptyStore() {
        return StoreFactory.open(config().withPurgeChunkSize(7));
    }

    @Test
    void dataSurvivesACoordinatorRestart() {
        Monitor web = store.createMonitor(spec("web", "fra"), T0);
        store.insertResults(List.of(connected(web.id(), "fra", T0)));
        store.close();

        store = StoreFactory.open(config());

        assertThat(store.listMonitors()).containsExactly(web);
        assertThat(store.results(ResultQuery.newest(web.id(), 10))).containsExactly(connected(web.id(), "fra", T0));
        assertThat(store.latestResults()).containsExactly(connected(web.id(), "fra", T0));
    }

    @Test
    void rollupsGoOnWhereTheyStoppedAfterARestartAndStillCatchLateResults() {
        Monitor web = store.createMonitor(spec("web", "fra"), T0);
        store.insertResults(List.of(connected(web.id(), "fra", T0), connected(web.id(), "fra", T0.plus(Duration.ofHours(1)))));
        store.rollUpResults(T0.plus(Duration.ofHours(1)), 24);
        store.close();

        store = StoreFactory.open(config());
        store.insertResults(List.of(connected(web.id(), "fra", T0.plusSeconds(60))));
        RollupPass pass = store.rollUpResults(T0.plus(Duration.ofHours(2)), 24);
        store.purgeResultsBefore(T0.plus(Duration.ofHours(2)));

        assertThat(pass).usingRecursiveComparison().ignoringFields("longestWrite")
                .isEqualTo(new RollupPass(1, 1, 1, T0.plus(Duration.ofHours(2)), Duration.ZERO));
        assertThat(store.summarizeResults(web.id(), T0, T0.plus(Duration.ofHours(2))).counts())
                .containsExactly(new ResultSummary.StatusCount("fra", 0, 3));
    }

    @Test
    void fileIsInWalModeWithForeignKeysAndCreatedWithItsFolder() throws Exception {
        assertThat(dir.resolve("data/vantage.db")).exists();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/vantage.db"));
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("PRAGMA journal_mode")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualToIgnoringCase("wal");
        }
        assertThat(Files.exists(dir.resolve("data/vantage.db-wal"))).isTrue();
    }

    @Test
    void unsupportedUrlsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> StoreConfig.of("jdbc:mysql://x/y")).hasMessageContaining("jdbc:sqlite:PATH");
        assertThatThrownBy(() -> StoreConfig.of("jdbc:sqlite::memory:")).hasMessageContaining("plain file");
        assertThatThrownBy(() -> config().withSchema("x")).hasMessageContaining("PostgreSQL only");
    }
}
