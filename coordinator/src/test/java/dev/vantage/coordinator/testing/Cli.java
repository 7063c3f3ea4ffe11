package dev.vantage.coordinator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.coordinator.cli.VantageCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs `vantage ...` in-process against a coordinator, the way a user would from a shell (e2e and lab tests). */
public final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String server;
    private final Map<String, String> environment;
    private final List<String> options;

    /** Without a token: for what must work (or fail) without one. */
    public Cli(String server) {
        this(server, Map.of(), List.of());
    }

    /** @param options added to every command, e.g. {@code --tls-ca FILE} */
    public Cli(String server, List<String> options) {
        this(server, Map.of(), options);
    }

    private Cli(String server, Map<String, String> environment, List<String> options) {
        this.server = server;
        this.environment = Map.copyOf(environment);
        this.options = List.copyOf(options);
    }

    /** Runs with {@code VANTAGE_TOKEN} set to {@code token}. */
    public static Cli withToken(String server, String token) {
        return new Cli(server, Map.of("VANTAGE_TOKEN", token), List.of());
    }

    /** Runs with {@code VANTAGE_TOKEN} set to the secret in {@code tokenFile} (a coordinator's initial admin token). */
    public static Cli withTokenFile(String server, Path tokenFile) {
        try {
            return withToken(server, Files.readString(tokenFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("no token in " + tokenFile, e);
        }
    }

    /** The same CLI with {@code more} options added to every command, e.g. {@code --tls-ca FILE}. */
    public Cli withOptions(List<String> more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(more);
        return new Cli(server, environment, all);
    }

    public record Run(List<String> args, int exit, String out, String err) {
        public JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON from " + this, e);
            }
        }

        /** JSON Lines output, one node per line. */
        public List<JsonNode> jsonLines() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        nodes.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException("not JSON: " + line + " from " + this, e);
                    }
                }
            }
            return nodes;
        }

        @Override
        public String toString() {
            return "vantage " + String.join(" ", args) + " -> exit " + exit + "\n" + out + err;
        }
    }

    public Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VantageCli.commandLine(new VantageCli(Clock.systemUTC(), environment));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(server);
        all.addAll(options);
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(all, exit, out.toString(), err.toString());
    }
}
