package dev.vantage.coordinator.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real agent as a child JVM ({@code java -cp <this class path> dev.vantage.agent.cli.AgentCommand}),
 * so that a test can do to it what happens to agents in the field: SIGKILL (the kernel closes its
 * sockets) or SIGSTOP (frozen: its connection stays open and says nothing). {@link #close()} kills it
 * and waits.
 */
final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static AgentProcess start(String location, String agentId, int coordinatorPort, Path logDir, String... extraArgs) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.vantage.agent.cli.AgentCommand",
                "--location", location, "--coordinator", "127.0.0.1:" + coordinatorPort, "--agent-id", agentId));
        cmd.addAll(List.of(extraArgs));
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(agentId + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            return new AgentProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start agent " + agentId, e);
        }
    }

    /** SIGKILL, as a crash or an OOM kill: no goodbye, but the kernel closes the connection. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("agent pid " + process.pid() + " did not exit after SIGKILL");
        }
    }

    /** SIGSTOP: the process and its connection stay, silent, as behind a link that died without a reset. */
    void freeze() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
        }
    }

    /** What the agent printed, for failure messages. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
