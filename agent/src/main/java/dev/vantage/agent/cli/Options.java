package dev.vantage.agent.cli;

import dev.vantage.agent.probe.CloseMode;
import dev.vantage.agent.probe.ProbePriority;
import dev.vantage.common.time.Durations;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Option parsing shared by the agent's commands; every error names the option and the fix. */
final class Options {
    private Options() {
    }

    static Duration duration(CommandSpec spec, String option, String text) {
        return parsed(spec, option, Durations::parse, text);
    }

    static Duration positiveDuration(CommandSpec spec, String option, String text) {
        Duration d = duration(spec, option, text);
        if (d.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": must be longer than 0, got " + text);
        }
        return d;
    }

    static CloseMode closeMode(CommandSpec spec, String text) {
        return parsed(spec, "--close", CloseMode::parse, text);
    }

    static ProbePriority probePriority(CommandSpec spec, String text) {
        return parsed(spec, "--probe-priority", ProbePriority::parse, text);
    }

    /** {@code parse(text)}, its IllegalArgumentException turned into a usage error that names the option. */
    private static <T> T parsed(CommandSpec spec, String option, Function<String, T> parse, String text) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    static int atLeast(CommandSpec spec, String option, int value, int min) {
        if (value < min) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** Points logback at the agent's own config when run through a main of this module, unless told otherwise. */
    static void useAgentLogging() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "vantage-agent-logback.xml");
        }
    }
}
