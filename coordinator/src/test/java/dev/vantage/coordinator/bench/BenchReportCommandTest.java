package dev.vantage.coordinator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchReportCommandTest {

    @Test
    void aDayOfTwoMonitorsGivesTheSameFiguresFromResultsAndFromTheTwentyFourHoursOfRollups() {
        StringWriter out = new StringWriter();
        CommandLine bench = new CommandLine(new BenchReportCommand());
        bench.setOut(new PrintWriter(out, true));

        int exit = bench.execute("--monitors", "2", "--locations", "2", "--days", "1");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("filled: 34,560 results", "one monitor (median of 3)", "--all (2 monitors)",
                "figures: equal; percentiles within 0.99 %");
        // 24 hours from the first result's hour to the last whole one; 23 when the first round's results all
        // started in the next hour (a run that begins in the last 2 s of an hour).
        assertThat(out.toString()).containsPattern("rollups built: (24 hours, 48|23 hours, 46) monitor-hours");
    }

    @Test
    void aSizeBelowOneIsRefusedNamingTheOption() {
        StringWriter err = new StringWriter();
        CommandLine bench = new CommandLine(new BenchReportCommand());
        bench.setErr(new PrintWriter(err, true));

        int exit = bench.execute("--monitors", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--monitors: must be at least 1, was 0");
    }
}
