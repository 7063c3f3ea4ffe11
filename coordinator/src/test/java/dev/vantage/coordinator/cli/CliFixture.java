package dev.vantage.coordinator.cli;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * A real gRPC server on a loopback port serving {@link FakeAdminService}, and the CLI run in-process
 * against it with captured output and a fixed clock ({@link #NOW}).
 */
final class CliFixture implements AutoCloseable {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    final FakeAdminService admin = new FakeAdminService();
    private final Server server;

    CliFixture() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(admin)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String server() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Runs {@code vantage ARGS --server <this server>} and returns what a user would see. */
    Run run(String... args) {
        return Run.against(server(), args).execute();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** One CLI invocation: its exit code and what it printed so far. */
    static final class Run {
        private final String[] args;
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private int exitCode = -1;

        private Run(String[] args) {
            this.args = args;
        }

        static Run against(String server, String... args) {
            List<String> all = new ArrayList<>(Arrays.asList(args));
            all.add("--server");
            all.add(server);
            return new Run(all.toArray(String[]::new));
        }

        static Run withArgs(String... args) {
            return new Run(args);
        }

        Run execute() {
            CommandLine cli = VantageCli.commandLine(new VantageCli(Clock.fixed(NOW, ZoneOffset.UTC), Map.of()));
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            exitCode = cli.execute(args);
            return this;
        }

        /** Runs in the background, for watching output appear while the command is still running. */
        CompletableFuture<Run> start() {
            return CompletableFuture.supplyAsync(this::execute);
        }

        int exitCode() {
            return exitCode;
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        List<String> outLines() {
            return out().lines().toList();
        }
    }
}
