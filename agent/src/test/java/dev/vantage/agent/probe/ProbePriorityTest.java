package dev.vantage.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.testkit.OpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProbePriorityTest {

    @Test
    void parsesBothNamesAndNamesThemInTheError() {
        assertThat(ProbePriority.parse(" RealTime ")).isEqualTo(ProbePriority.REALTIME);
        assertThat(ProbePriority.parse("normal")).isEqualTo(ProbePriority.NORMAL);
        assertThatThrownBy(() -> ProbePriority.parse("high"))
                .hasMessage("'high' is not a probe priority; use normal or realtime");
    }

    @Test
    void realtimeProbeThreadRunsUnderSchedFifo() throws Exception {
        assumeTrue(isRoot(), "setting SCHED_FIFO needs root or CAP_SYS_NICE");

        List<String> policy = schedulingOfTheProbeThread(ProbePriority.REALTIME, "realtime (SCHED_FIFO 10)");

        assertThat(policy).containsOnly("policy 1, rt_priority 10");
    }

    @Test
    void normalProbeThreadKeepsTheDefaultPolicy() throws Exception {
        List<String> policy = schedulingOfTheProbeThread(ProbePriority.NORMAL, "normal");

        assertThat(policy).containsOnly("policy 0, rt_priority 0");
    }

    /** Probes once with one probe thread and reads that thread's policy from /proc while it reports. */
    private static List<String> schedulingOfTheProbeThread(ProbePriority priority, String described) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ConnectObserver onTheProbeThread = (port, outcome, clock) -> seen.add(policyOfThisThread());
        try (TcpConnectProber prober = new TcpConnectProber(TcpConnectProber.Options.defaults(10).withIoThreads(1)
                .withPriority(priority).withObserver(onTheProbeThread));
             OpenListener target = OpenListener.start()) {
            assertThat(prober.priority()).isEqualTo(described);

            ProbeOutcome outcome = prober.probe(new ProbeTarget("127.0.0.1", target.port(), Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);

            assertThat(outcome.connected()).isTrue();
        }
        assertThat(seen).hasSize(1);
        return seen;
    }

    /** Fields 40 and 41 of proc(5)'s stat: rt_priority and policy, counted after the command name. */
    private static String policyOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return "policy " + fields[41 - 3] + ", rt_priority " + fields[40 - 3];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    }
}
