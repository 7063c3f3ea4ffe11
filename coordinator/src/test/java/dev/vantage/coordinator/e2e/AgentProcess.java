package dev.vantage.coordinator.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real agent as a child JVM ({@code dev.vantage.agent.cli.AgentCommand}), so that a test can do to it what happens
 * to agents in the field: SIGKILL (the kernel closes its sockets) or SIGSTOP (frozen: its connection stays open and
 * says nothing). {@link #close()} kills it and waits.
 */
final class AgentProcess {
    private AgentProcess() {
    }

    static ChildJvm start(String location, String agentId, int coordinatorPort, Path logDir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--location", location, "--coordinator", "127.0.0.1:" + coordinatorPort,
                "--agent-id", agentId));
        args.addAll(List.of(extraArgs));
        return ChildJvm.start("agent " + agentId, logDir.resolve(agentId + ".log"),
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), "dev.vantage.agent.cli.AgentCommand", args);
    }
}
