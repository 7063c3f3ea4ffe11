package dev.vantage.coordinator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchRollupCommandTest {

    @Test
    void theRollupOfAnHourOfFiveMonitorsFromTwoLocationsCountsExactlyTheResultsFilled() {
        StringWriter out = new StringWriter();
        CommandLine bench = new CommandLine(new BenchCommand());
        bench.setOut(new PrintWriter(out, true));

        int exit = bench.execute("rollup", "--monitors", "5", "--locations", "2", "--interval", "60s");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("bench rollup: 5 monitors x 2 locations @1m, one hour of results, then one pass of the rollup loop; SQLite in a temp dir")
                .containsPattern("filled: 600 results in the hour from \\S+ \\(connected 596, failed 3, no agent 1\\)")
                .contains("pass: 1 hour(s), 5 monitor-hours in ", " s CPU (its thread; the process ", "; longest write transaction ")
                .contains("stored alongside: ")
                .contains("rolled up: connected 596, failed 3, no agent 1; 5 monitors read from rollups: equal to what was filled");
    }

    @Test
    void anIntervalLongerThanTheHourIsRefusedNamingTheOption() {
        StringWriter err = new StringWriter();
        CommandLine bench = new CommandLine(new BenchCommand());
        bench.setErr(new PrintWriter(err, true));

        int exit = bench.execute("rollup", "--interval", "2h");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--interval: must be from 1s to 1h, was 2h");
    }
}
