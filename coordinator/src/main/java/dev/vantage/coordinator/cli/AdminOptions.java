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
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every admin subcommand shares ({@code @Mixin AdminOptions admin;}): where the
 * coordinator is, which token to show it, whether to print JSON, and how long to wait for it. Also gives the command its
 * output streams and clock, so commands never reach for {@code System.out} or the system time.
 */
public final class AdminOptions {
    /** The deadline of a unary admin call when {@code --rpc-timeout} is not given. */
    static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
    static final String TOKEN_VARIABLE = "VANTAGE_TOKEN";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--server", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            defaultValue = "${env:VANTAGE_SERVER:-127.0.0.1:7400}",
            description = "The coordinator's admin API (default: $VANTAGE_SERVER, else 127.0.0.1:7400; now ${DEFAULT-VALUE}).")
    private HostPort server;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the API token (default: the token in $VANTAGE_TOKEN).")
    private Path tokenFile;

    @Option(names = "--json", description = "Print JSON for scripts instead of a table.")
    private boolean json;

    @Option(names = "--rpc-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the coordinator's answer (default: 10s; for test: 150s).")
    private Duration rpcTimeout;

    @Option(names = "--tls-ca", paramLabel = "FILE", defaultValue = "${env:VANTAGE_TLS_CA}",
            description = "Talk TLS to the coordinator and verify it against this CA (PEM; default: $VANTAGE_TLS_CA; unset: plaintext).")
    private Path tlsCa;

    /** Opens a channel to the coordinator; the deadline is {@code --rpc-timeout}, else {@code defaultDeadline}. */
    AdminClient connect(Duration defaultDeadline) {
        return AdminClient.open(server, rpcTimeout == null ? defaultDeadline : rpcTimeout, Optional.ofNullable(tlsCa), token());
    }

    AdminClient connect() {
        return connect(DEFAULT_RPC_TIMEOUT);
    }

    /** The API token: from {@code --token-file}, else {@code VANTAGE_TOKEN}; empty when neither gives one. */
    private Optional<String> token() {
        if (tokenFile != null) {
            String token;
            try {
                token = Files.readString(tokenFile).trim();
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.USAGE, "--token-file: cannot read " + tokenFile + " (" + why(e)
                        + "); give a file that holds a token, e.g. the coordinator's admin.token");
            }
            return Optional.of(checked(token, "--token-file", tokenFile + " does not hold a token"));
        }
        Object root = mixee.root().userObject();
        Optional<String> env = root instanceof VantageCli cli ? cli.environment(TOKEN_VARIABLE) : Optional.ofNullable(System.getenv(TOKEN_VARIABLE));
        return env.map(String::trim).filter(t -> !t.isEmpty()).map(t -> checked(t, TOKEN_VARIABLE, "it does not hold a token"));
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
        return json;
    }

    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    Clock clock() {
        Object root = mixee.root().userObject();
        return root instanceof VantageCli cli ? cli.clock() : Clock.systemUTC();
    }
}
