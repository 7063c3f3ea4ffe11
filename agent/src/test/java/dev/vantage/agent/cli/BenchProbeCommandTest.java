package dev.vantage.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchProbeCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aFixedNumberOfProbesAgainstSelfPrintsTheFigures() {
        Run r = run(new BenchProbeCommand(), "--target", "self", "--concurrency", "8", "--probes", "2000", "--warmup", "0s");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("probes/s", "priority      normal", "successes     2,000", "failures      0", "connect time  p50", "open fds", "heap after GC")
                .containsPattern("transport (epoll|nio), close rst");
    }

    @Test
    void jsonOutputIsOneObject() {
        Run r = run(new BenchProbeCommand(), "--target", "self", "--concurrency", "4", "--probes", "500", "--warmup", "0s",
                "--close", "fin", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().trim()).startsWith("{").endsWith("}").contains("\"close\":\"fin\"", "\"probes\":500", "\"successes\":500");
    }

    @Test
    void recordHasOneLinePerAttemptWithTheClockThatTimedIt(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("record.csv");

        Run r = run(new BenchProbeCommand(), "--target", "self", "--concurrency", "4", "--probes", "300", "--warmup", "0s",
                "--record", csv.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo(ConnectRecord.HEADER);
        // every attempt made is recorded: the 300 counted, and those of the warm-up and still in flight at the end
        assertThat(lines.size() - 1).isGreaterThanOrEqualTo(300);
        assertThat(r.out()).contains("recorded      " + (lines.size() - 1) + " connect attempts");
        String clock = Epoll.isAvailable() ? "kernel" : "loop";
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line).matches("\\d+,127\\.0\\.0\\.1:\\d+,\\d+,\\d+,ok,none,(warmup|measure)," + clock));
    }

    @Test
    void badOptionsAreNamedInTheError() {
        assertThat(run(new BenchProbeCommand(), "--target", "self", "--duration", "ten").err())
                .contains("--duration: 'ten' is not a duration");
        assertThat(run(new BenchProbeCommand(), "--target", "self", "--close", "slam").err())
                .contains("--close: 'slam' is not a close mode; use rst or fin");
        assertThat(run(new BenchProbeCommand(), "--target", "nowhere").err())
                .contains("--target: 'nowhere' is not HOST:PORT");
        assertThat(run(new AgentCommand(), "--location", "eu-west", "--coordinator", "coord:99999").err())
                .contains("--coordinator: 'coord:99999': port must be between 1 and 65535");
        assertThat(run(new AgentCommand(), "--location", "eu-west", "--coordinator", "c:1", "--max-in-flight", "0").err())
                .contains("--max-in-flight: must be at least 1, got 0");
        assertThat(run(new AgentCommand(), "--location", "eu-west", "--coordinator", "c:1", "--probe-priority", "high").err())
                .contains("--probe-priority: 'high' is not a probe priority; use normal or realtime");
    }
}
