package dev.vantage.coordinator.cli;

import dev.vantage.agent.cli.AgentCommand;
import dev.vantage.common.VantageVersion;
import dev.vantage.common.text.Display;
import dev.vantage.common.validation.ValidationException;
import dev.vantage.coordinator.CoordinatorCommand;
import dev.vantage.coordinator.bench.BenchCommand;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code vantage}: the one launcher for every role and the admin commands.
 *
 * <p>To add a subcommand, add its class to {@code subcommands} in the {@code @Command} below
 * (one line). It gets {@code --help}/{@code --version} automatically; an admin command adds
 * {@code @Mixin AdminOptions admin;} for {@code --server}, {@code --json} and {@code --rpc-timeout},
 * and fails with {@link CliFailure} to print {@code error: ...} and exit with a chosen code.
 */
@Command(name = "vantage", mixinStandardHelpOptions = true, versionProvider = VantageCli.Version.class,
        description = "Vantage: TCP connect monitoring from many locations.",
        subcommands = {
                MonitorCommands.class,
                ApplyCommands.Apply.class,
                ApplyCommands.Diff.class,
                ApplyCommands.Export.class,
                TestCommand.class,
                StatusCommand.class,
                ResultsCommand.class,
                LocationsCommand.class,
                AlertCommands.class,
                AlertCommands.Incidents.class,
                TokenCommands.class,
                CertsCommand.class,
                CoordinatorCommand.class,
                AgentCommand.class,
                DemoCommand.class,
                BenchCommand.class,
                HelpCommand.class,
        })
public final class VantageCli implements Callable<Integer> {
    /**
     * The most of an error message printed: messages echo arguments and the coordinator's answer, both
     * of which may be huge or hold control characters, so every {@code error:} line is escaped and bounded.
     */
    private static final int MAX_ERROR = 1000;
    private final Clock clock;
    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    public VantageCli() {
        this(Clock.systemUTC());
    }

    /** @param clock what "now" is for ages and {@code --since}; tests pass a fixed clock */
    public VantageCli(Clock clock) {
        this(clock, System.getenv());
    }

    /** @param environment where {@code VANTAGE_*} settings and the default profile are found; tests pass their own */
    public VantageCli(Clock clock, Map<String, String> environment) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine(new VantageCli());
        cli.setExecutionStrategy(parsed -> {
            if (isAdminCommand(last(parsed).commandSpec())) {
                quietLogging();
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        System.exit(cli.execute(args));
    }

    /** The configured command line: error handling, exit codes and help for every subcommand. */
    public static CommandLine commandLine(VantageCli root) {
        CommandLine cli = new CommandLine(root);
        cli.setParameterExceptionHandler(VantageCli::usageError);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ex, cmd));
        configure(cli, true);
        return cli;
    }

    Clock clock() {
        return clock;
    }

    /** The environment the CLI reads its settings from (VANTAGE_SERVER, VANTAGE_TOKEN, VANTAGE_TLS_CA, VANTAGE_PROFILE, HOME). */
    Map<String, String> environment() {
        return environment;
    }

    /** {@code vantage} alone: show what it can do. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    private static void configure(CommandLine cli, boolean root) {
        CommandSpec spec = cli.getCommandSpec();
        spec.mixinStandardHelpOptions(true);
        spec.exitCodeOnExecutionException(ExitCodes.FAILED);
        if (root || isAdminCommand(spec)) {
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            configure(sub, false);
        }
    }

    private static boolean isAdminCommand(CommandSpec spec) {
        return spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof AdminOptions);
    }

    private static ParseResult last(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last;
    }

    /**
     * An admin command is a short-lived client whose output is its table or JSON: library chatter
     * (gRPC, Netty) would only get in the way, so only warnings and errors are logged.
     */
    private static void quietLogging() {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = ex.getMessage();
        if (ex.getCause() instanceof TypeConversionException bad && ex.getArgSpec() instanceof OptionSpec option) {
            message = option.longestName() + ": " + bad.getMessage();
        }
        err.println("error: " + Display.bounded(message, MAX_ERROR));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception ex, CommandLine cmd) throws Exception {
        if (ex instanceof CliFailure expected) {
            cmd.getErr().println("error: " + Display.bounded(expected.getMessage(), MAX_ERROR));
            cmd.getErr().flush();
            return expected.exitCode();
        }
        if (ex instanceof ValidationException | ex instanceof IllegalArgumentException) {
            // Bad settings met while starting a role (config file, agent options): say which and why, no stack trace.
            cmd.getErr().println("error: " + Display.bounded(ex.getMessage(), MAX_ERROR));
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        }
        throw ex;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vantage " + VantageVersion.current()};
        }
    }
}
