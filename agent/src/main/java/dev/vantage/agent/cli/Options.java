package dev.vantage.agent.cli;

import dev.vantage.agent.probe.CloseMode;
import dev.vantage.agent.probe.ProbePriority;
import dev.vantage.common.time.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Option parsing shared by the agent's commands; every error names the option and the fix. */
final class Options {
    private Options() {
    }

    static Duration duration(CommandSpec spec, String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    static Duration positiveDuration(CommandSpec spec, String option, String text) {
        Duration d = duration(spec, option, text);
        if (d.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": must be longer than 0, got " + text);
        }
        return d;
    }

    static CloseMode closeMode(CommandSpec spec, String text) {
        try {
            return CloseMode.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--close: " + e.getMessage());
        }
    }

    static ProbePriority probePriority(CommandSpec spec, String text) {
        try {
            return ProbePriority.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--probe-priority: " + e.getMessage());
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
