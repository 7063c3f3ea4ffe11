package dev.vantage.coordinator.cli;

import dev.vantage.agent.cli.AgentCommand;
import dev.vantage.common.VantageVersion;
import dev.vantage.common.text.Display;
import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.CoordinatorCommand;
import dev.vantage.coordinator.bench.BenchCommand;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
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
 * <p>To add a subcommand, add its class to {@link #SUBCOMMANDS} (one line). It gets {@code --help}/{@code --version}
 * automatically; an admin command adds {@code @Mixin AdminOptions admin;} for {@code --server}, {@code --json},
 * {@code --rpc-timeout} and the rest, which are also accepted before the subcommand ({@code vantage --server H:P status}),
 * and fails with {@link CliFailure} to print {@code error: ...} and exit with a chosen code.
 */
@Command(name = "vantage", mixinStandardHelpOptions = true, versionProvider = VantageCli.Version.class,
        description = "Vantage: TCP connect monitoring from many locations.")
public final class VantageCli implements Callable<Integer> {
    /** Every subcommand, in the order {@code --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            MonitorCommands.class,
            ApplyCommands.Apply.class,
            ApplyCommands.Diff.class,
            ApplyCommands.Export.class,
            TestCommand.class,
            StatusCommand.class,
            ResultsCommand.class,
            ReportCommand.class,
            LocationsCommand.class,
            AlertCommands.class,
            AlertCommands.Incidents.class,
            TokenCommands.class,
            CertsCommand.class,
            CompletionCommand.class,
            CoordinatorCommand.class,
            AgentCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            HelpCommand.class);
    /** The options that take a value among those accepted before the subcommand (see {@link AdminOptions}). */
    private static final Set<String> GLOBAL_OPTIONS_WITH_VALUE = Set.of("--server", "--token-file", "--profile", "--rpc-timeout", "--tls-ca");
    /**
     * The most of an error message printed: messages echo arguments and the coordinator's answer, both
     * of which may be huge or hold control characters, so every {@code error:} line is escaped and bounded.
     */
    private static final int MAX_ERROR = 1000;
    private static final Pattern OPTION_FIRST = Pattern.compile("^--([a-z0-9][a-z0-9-]*): ");
    private final Clock clock;
    private final Map<String, String> environment;
    private final boolean terminal;

    @Spec
    private CommandSpec spec;

    /** The admin options given before the subcommand; an admin command's own options take precedence over them. */
    @Mixin
    private AdminOptions global;

    public VantageCli() {
        this(Clock.systemUTC());
    }

    /** @param clock what "now" is for ages and {@code --since}; tests pass a fixed clock */
    public VantageCli(Clock clock) {
        this(clock, System.getenv());
    }

    /** @param environment where {@code VANTAGE_*} settings and the default profile are found; tests pass their own */
    public VantageCli(Clock clock, Map<String, String> environment) {
        this(clock, environment, false);
    }

    /** @param terminal whether the output is a terminal (then {@code status --watch} redraws in place) */
    private VantageCli(Clock clock, Map<String, String> environment, boolean terminal) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        CommandLine cli = commandLine(new VantageCli(Clock.systemUTC(), System.getenv(), System.console() != null), args);
        IExecutionStrategy strategy = cli.getExecutionStrategy();
        cli.setExecutionStrategy(parsed -> {
            if (isAdminCommand(last(parsed).commandSpec())) {
                ClientRuntime.prepare();
            }
            return strategy.execute(parsed);
        });
        System.exit(cli.execute(args));
    }

    /** The configured command line: error handling, exit codes and help for every subcommand. */
    public static CommandLine commandLine(VantageCli root) {
        return commandLine(root, SUBCOMMANDS);
    }

    /**
     * The command line for running {@code args} only: when they name a subcommand, just that one is set up. Building
     * every subcommand's model (picocli reflects over each one's options) is most of the work of a short admin call;
     * anything else ({@code help}, a typo, no subcommand) gets the whole tree, so help and suggestions are unchanged.
     */
    static CommandLine commandLine(VantageCli root, String[] args) {
        Optional<String> name = subcommandName(args);
        List<Class<?>> only = SUBCOMMANDS.stream()
                .filter(c -> name.isPresent() && !c.equals(HelpCommand.class) && c.getAnnotation(Command.class).name().equals(name.get()))
                .toList();
        return commandLine(root, only.isEmpty() ? SUBCOMMANDS : only);
    }

    private static CommandLine commandLine(VantageCli root, List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(root);
        subcommands.forEach(cli::addSubcommand);
        cli.setParameterExceptionHandler(VantageCli::usageError);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> failure(ex, cmd));
        cli.setExecutionStrategy(parsed -> {
            rejectGlobalOptionsOfRoles(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        configure(cli, true);
        return cli;
    }

    /** The first word of {@code args} that is neither an option nor an option's value: the subcommand, if any. */
    private static Optional<String> subcommandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("-")) {
                return Optional.of(args[i]);
            }
            if (GLOBAL_OPTIONS_WITH_VALUE.contains(args[i])) {
                i++;
            }
        }
        return Optional.empty();
    }

    /**
     * {@code vantage --server H:P coordinator}: the admin options before the subcommand only mean something to an admin
     * command; a role would silently ignore them, so say so.
     */
    private static void rejectGlobalOptionsOfRoles(ParseResult parsed) {
        CommandSpec command = last(parsed).commandSpec();
        if (command == parsed.commandSpec() || isAdminCommand(command)) {
            return;
        }
        parsed.matchedOptions().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).findFirst()
                .ifPresent(o -> {
                    throw new ParameterException(parsed.commandSpec().commandLine(), o.longestName() + ": only the admin commands "
                            + "(status, monitor, test, ...) take it, not " + command.qualifiedName() + "; leave it out");
                });
    }

    /** The admin options given before the subcommand. */
    AdminOptions globalOptions() {
        return global;
    }

    Clock clock() {
        return clock;
    }

    boolean terminal() {
        return terminal;
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
        return spec.root() != spec && spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof AdminOptions);
    }

    private static ParseResult last(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last;
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String message = ex.getMessage();
        if (ex.getCause() instanceof TypeConversionException bad && ex.getArgSpec() instanceof OptionSpec option) {
            message = option.longestName() + ": " + bad.getMessage();
        }
        err.println(errorLine(message));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception ex, CommandLine cmd) throws Exception {
        if (ex instanceof CliFailure expected) {
            cmd.getErr().println(errorLine(expected.getMessage()));
            cmd.getErr().flush();
            return expected.exitCode();
        }
        if (ex instanceof ValidationException | ex instanceof IllegalArgumentException) {
            // Bad settings met while starting a role (config file, agent options): say which and why, no stack trace.
            cmd.getErr().println(errorLine(ex.getMessage()));
            cmd.getErr().flush();
            return ExitCodes.USAGE;
        }
        throw ex;
    }

    /**
     * {@code error: FIELD: what is wrong; how to fix it}, the same whether the CLI or the coordinator caught the problem.
     * FIELD is the setting's name as the coordinator's validation, its API and config files spell it ({@code port},
     * {@code rpc-timeout}); the CLI's own checks name the option ({@code --port}), so its dashes go here, in the one place
     * errors are printed: the coordinator cannot know which option a value came from, the CLI always knows the field.
     */
    static String errorLine(String message) {
        return "error: " + Display.bounded(OPTION_FIRST.matcher(message).replaceFirst("$1: "), MAX_ERROR);
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vantage " + VantageVersion.current()};
        }
    }
}
