package dev.vantage.agent.cli;

import picocli.CommandLine.Command;

/** {@code bench}: groups the benchmarks; {@code bench probe} is the only one so far. */
@Command(name = "bench", description = "Measure how fast this machine probes.",
        mixinStandardHelpOptions = true, subcommands = BenchProbeCommand.class)
public final class BenchCommand {
}
