package dev.vantage.coordinator.cli;

import dev.vantage.common.config.HostPort;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every admin subcommand shares ({@code @Mixin AdminOptions admin;}): where the
 * coordinator is, whether to print JSON, and how long to wait for it. Also gives the command its
 * output streams and clock, so commands never reach for {@code System.out} or the system time.
 */
public final class AdminOptions {
    /** The deadline of a unary admin call when {@code --rpc-timeout} is not given. */
    static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--server", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            defaultValue = "${env:VANTAGE_SERVER:-127.0.0.1:7400}",
            description = "The coordinator's admin API (default: $VANTAGE_SERVER, else 127.0.0.1:7400; now ${DEFAULT-VALUE}).")
    private HostPort server;

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
        return AdminClient.open(server, rpcTimeout == null ? defaultDeadline : rpcTimeout, Optional.ofNullable(tlsCa));
    }

    AdminClient connect() {
        return connect(DEFAULT_RPC_TIMEOUT);
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
