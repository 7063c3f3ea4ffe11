package dev.vantage.coordinator.cli;

import dev.vantage.common.config.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every admin subcommand shares ({@code @Mixin AdminOptions admin;}): where the
 * coordinator is, which token to show it, whether to print JSON, and how long to wait for it. Also gives the command its
 * output streams and clock, so commands never reach for {@code System.out} or the system time.
 *
 * <p>{@link VantageCli} takes the same options before the subcommand ({@code vantage --server H:P status}, as people
 * type them with git or kubectl); each setting given after the subcommand wins over the same one given before it.
 */
final class AdminOptions {
    /** The deadline of a unary admin call when {@code --rpc-timeout} is not given. */
    static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
    static final String TOKEN_VARIABLE = "VANTAGE_TOKEN";
    static final String SERVER_VARIABLE = "VANTAGE_SERVER";
    static final String TLS_CA_VARIABLE = "VANTAGE_TLS_CA";
    static final HostPort DEFAULT_SERVER = new HostPort("127.0.0.1", 7400);

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--server", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "The coordinator's admin API (default: $VANTAGE_SERVER, else the profile's server, else 127.0.0.1:7400).")
    private HostPort server;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the API token (default: the token in $VANTAGE_TOKEN, else the profile's token.file).")
    private Path tokenFile;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Where to find server, CA and token when no option or variable names them (default: $VANTAGE_PROFILE, "
                    + "else ~/.config/vantage/profile, which vantage demo writes).")
    private Path profile;

    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    private boolean json;

    @Option(names = "--rpc-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the coordinator's answer (default: 10s; for test: 150s).")
    private Duration rpcTimeout;

    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "Talk TLS to the coordinator and verify it against this CA (PEM; default: $VANTAGE_TLS_CA, else the "
                    + "profile's tls.ca; none: plaintext).")
    private Path tlsCa;

    /**
     * Opens a channel to the coordinator; the deadline is {@code --rpc-timeout}, else {@code defaultDeadline}.
     * Each setting comes from its option, else its environment variable, else the profile, else the default.
     */
    AdminClient connect(Duration defaultDeadline) {
        Profile p = profile();
        Optional<HostPort> server = given(o -> o.server);
        HostPort target = server.isPresent() ? server.get()
                : env(SERVER_VARIABLE).or(p::server).map(s -> HostPortConverter.parse(s, "--server")).orElse(DEFAULT_SERVER);
        Optional<Path> ca = given(o -> o.tlsCa).or(() -> env(TLS_CA_VARIABLE).map(Path::of)).or(p::tlsCa);
        return AdminClient.open(target, given(o -> o.rpcTimeout).orElse(defaultDeadline), ca, token(p));
    }

    /** A setting given on the command line: after the subcommand, else before it. */
    private <T> Optional<T> given(Function<AdminOptions, T> setting) {
        return Optional.ofNullable(setting.apply(this)).or(() -> global().map(setting));
    }

    /** The options given before the subcommand; empty for those themselves (and outside {@link VantageCli}). */
    private Optional<AdminOptions> global() {
        return mixee.root().userObject() instanceof VantageCli cli && cli.globalOptions() != this
                ? Optional.of(cli.globalOptions()) : Optional.empty();
    }

    /** The profile named by {@code --profile} (which must exist), else the default one if there is one. */
    private Profile profile() {
        Optional<Path> profile = given(o -> o.profile);
        if (profile.isPresent()) {
            return Profile.load(profile.get(), true, "--profile");
        }
        return Profile.defaultPath(environment()).map(file -> Profile.load(file, false, "VANTAGE_PROFILE")).orElse(Profile.EMPTY);
    }

    AdminClient connect() {
        return connect(DEFAULT_RPC_TIMEOUT);
    }

    /** The API token: from {@code --token-file}, else {@code VANTAGE_TOKEN}, else the profile's token file; empty when none gives one. */
    private Optional<String> token(Profile p) {
        Optional<Path> tokenFile = given(o -> o.tokenFile);
        if (tokenFile.isPresent()) {
            return Optional.of(readToken(tokenFile.get(), "--token-file"));
        }
        Optional<String> variable = env(TOKEN_VARIABLE).map(String::trim).filter(t -> !t.isEmpty());
        if (variable.isPresent()) {
            return Optional.of(checked(variable.get(), TOKEN_VARIABLE, "it does not hold a token"));
        }
        return p.tokenFile().map(file -> readToken(file, "the profile's token.file"));
    }

    private static String readToken(Path file, String field) {
        String token;
        try {
            token = Files.readString(file).trim();
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, field + ": cannot read " + file + " (" + why(e)
                    + "); give a file that holds a token, e.g. the coordinator's admin.token");
        }
        return checked(token, field, file + " does not hold a token");
    }

    private Optional<String> env(String name) {
        return Optional.ofNullable(environment().get(name)).filter(v -> !v.isBlank());
    }

    private Map<String, String> environment() {
        Object root = mixee.root().userObject();
        return root instanceof VantageCli cli ? cli.environment() : System.getenv();
    }

    /** A token goes into a gRPC header: printable ASCII only. Never repeated in the message: it may be a secret. */
    private static String checked(String token, String field, String problem) {
        if (token.isEmpty() || !token.chars().allMatch(ch -> ch > ' ' && ch < 0x7f)) {
            throw new CliFailure(ExitCodes.USAGE, field + ": " + problem + " (one word of printable ASCII characters, as"
                    + " vantage token create prints it)");
        }
        return token;
    }

    private static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage();
    }

    boolean json() {
        return json || global().map(o -> o.json).orElse(false);
    }

    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    /**
     * Whether the reader of the output went away ({@code status --watch | head}): the JVM ignores SIGPIPE and
     * {@code System.out} keeps the failed write to itself, so ask both it and this command's writer.
     */
    boolean outputClosed() {
        return out().checkError() || System.out.checkError();
    }

    PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    Clock clock() {
        Object root = mixee.root().userObject();
        return root instanceof VantageCli cli ? cli.clock() : Clock.systemUTC();
    }

    /** Whether the output goes to a terminal, where it may be redrawn in place. */
    boolean terminal() {
        return mixee.root().userObject() instanceof VantageCli cli && cli.terminal();
    }
}
