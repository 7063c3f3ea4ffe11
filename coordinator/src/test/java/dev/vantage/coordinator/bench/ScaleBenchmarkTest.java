package dev.vantage.coordinator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleBenchmarkTest {

    @Test
    void withMetricsOnTheEndpointIsScrapedEvery15SecondsWhileNothingIsLost(@TempDir Path dir) throws Exception {
        ScaleBenchmark.Figures f = ScaleBenchmark.run(dir, 200, 2, Duration.ofSeconds(10), Duration.ofSeconds(20), null, false,
                ScaleBenchmark.Metrics.LOCATIONS);

        assertThat(f.lost()).isZero();
        assertThat(f.due()).isPositive();
        // at the start of the 20 s window and 15 s into it
        assertThat(f.scrapes()).hasSize(2);
        assertThat(f.scrapes()).allSatisfy(s -> assertThat(s.samples()).isPositive());
        assertThat(BenchScaleCommand.scrapes(f.scrapes())).startsWith("  /metrics scraped 2 times every 15 s: ");
    }

    @Test
    void withTlsTheLoopbackEndpointIsStillScraped(@TempDir Path dir) throws Exception {
        ScaleBenchmark.Figures f = ScaleBenchmark.run(dir, 50, 2, Duration.ofSeconds(10), Duration.ofSeconds(5), null, true,
                ScaleBenchmark.Metrics.LOCATIONS);

        assertThat(f.lost()).isZero();
        assertThat(f.scrapes()).hasSize(1);
        assertThat(f.scrapes().get(0).samples()).isPositive();
    }
}
