package dev.vantage.coordinator.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real agent ({@code dev.vantage.agent.cli.AgentCommand}) as a {@link ChildJvm}, its output in
 * {@code <logDir>/<agentId>.log}.
 */
public final class AgentProcess {
    private AgentProcess() {
    }

    /** An agent on this machine connecting over loopback: a small heap and only the quick compiler, as tests start several. */
    public static ChildJvm start(String location, String agentId, int coordinatorPort, Path logDir, String... extraArgs) {
        return start(List.of(), List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"), location, agentId, "127.0.0.1:" + coordinatorPort,
                logDir, List.of(extraArgs));
    }

    /**
     * @param launcher   a command that execs what follows it, e.g. {@code ip netns exec NS}; empty for none
     * @param jvmOptions heap and compiler options
     */
    public static ChildJvm start(List<String> launcher, List<String> jvmOptions, String location, String agentId, String coordinator,
                                 Path logDir, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of("--location", location, "--coordinator", coordinator, "--agent-id", agentId));
        args.addAll(extraArgs);
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-XX:+UseSerialGC");
        return ChildJvm.start("agent " + agentId, logDir.resolve(agentId + ".log"), launcher, options, "dev.vantage.agent.cli.AgentCommand", args);
    }
}
