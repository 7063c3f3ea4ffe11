package dev.vantage.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
        assertThat(r.out()).contains("probes/s", "successes     2,000", "failures      0", "connect time  p50", "open fds", "heap after GC")
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
    }
}
