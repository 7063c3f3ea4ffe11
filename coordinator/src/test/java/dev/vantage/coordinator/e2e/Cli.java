package dev.vantage.coordinator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.coordinator.cli.VantageCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs `vantage ...` in-process against a coordinator, the way a user would from a shell. */
final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String server;

    Cli(int port) {
        this.server = "127.0.0.1:" + port;
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException("not JSON: " + out + err, e);
            }
        }

        /** JSON Lines output, one node per line. */
        List<JsonNode> jsonLines() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        nodes.add(JSON.readTree(line));
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException("not JSON: " + line, e);
                    }
                }
            }
            return nodes;
        }
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VantageCli.commandLine(new VantageCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(server);
        int exit = cli.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
