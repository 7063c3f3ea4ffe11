package dev.vantage.coordinator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.coordinator.cli.VantageCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs `vantage ...` in-process against a coordinator, the way a user would from a shell (e2e and lab tests). */
public final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String server;
    private final List<String> options;

    public Cli(String server) {
        this(server, List.of());
    }

    /** @param options added to every command, e.g. {@code --tls-ca FILE} */
    public Cli(String server, List<String> options) {
        this.server = server;
        this.options = List.copyOf(options);
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
        CommandLine cli = VantageCli.commandLine(new VantageCli());
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
