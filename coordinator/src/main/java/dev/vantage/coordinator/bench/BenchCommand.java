package dev.vantage.coordinator.bench;

import dev.vantage.agent.cli.BenchProbeCommand;
import dev.vantage.coordinator.bench.chaos.BenchChaosCommand;
import picocli.CommandLine.Command;

/** `vantage bench`: benchmarks that print figures (see the README for a real run). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: `probe` (the agent's probe engine), `scale` (a coordinator at N monitors), `metrics` (a scrape of /metrics at N monitors), `report` (availability reports over days of results, from results and from hourly rollups), `rollup` (one hourly rollup pass at N monitors), `chaos` (real coordinator and agent processes killed at random moments, then every round counted in the store).",
        subcommands = {BenchProbeCommand.class, BenchScaleCommand.class, BenchMetricsCommand.class, BenchReportCommand.class, BenchRollupCommand.class, BenchChaosCommand.class})
public final class BenchCommand {
}
