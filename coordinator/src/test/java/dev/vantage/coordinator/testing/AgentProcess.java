package dev.vantage.coordinator.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real agent as a child JVM ({@code java -cp <this JVM's class path> dev.vantage.agent.cli.AgentCommand}),
 * so that a test can do to it what happens to agents in the field: SIGKILL (the kernel closes its
 * sockets), SIGSTOP (frozen: its connection stays open and says nothing) or SIGTERM (a clean goodbye).
 * Its output goes to {@code <logDir>/<agentId>.log}, after the command line. {@link #close()} kills it
 * and waits.
 */
public final class AgentProcess implements AutoCloseable {
    private final String agentId;
    private final Process process;
    private final Path log;

    private AgentProcess(String agentId, Process process, Path log) {
        this.agentId = agentId;
        this.process = process;
        this.log = log;
    }

    /** An agent on this machine connecting over loopback: a small heap and only the quick compiler, as tests start several. */
    public static AgentProcess start(String location, String agentId, int coordinatorPort, Path logDir, String... extraArgs) {
        return start(List.of(), List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"), location, agentId,
                "127.0.0.1:" + coordinatorPort, logDir, List.of(extraArgs));
    }

    /**
     * @param launcher a command that execs what follows it, e.g. {@code ip netns exec NS} to run the
     *     agent inside a network namespace (then the child is the agent JVM itself); empty for none
     * @param jvmOptions heap and compiler options, before the class path
     */
    public static AgentProcess start(List<String> launcher, List<String> jvmOptions, String location, String agentId,
                                     String coordinator, Path logDir, List<String> extraArgs) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.vantage.agent.cli.AgentCommand",
                "--location", location, "--coordinator", coordinator, "--agent-id", agentId));
        cmd.addAll(extraArgs);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(agentId + ".log");
            Files.writeString(log, String.join(" ", cmd) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            return new AgentProcess(agentId, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start agent " + agentId, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or an OOM kill: no goodbye, but the kernel closes the connection. Waits for the exit. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this + " did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process and its connection stay, silent, as behind a link that died without a reset. */
    public void freeze() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
        }
    }

    /** SIGTERM (the agent closes its stream cleanly), SIGKILL after 10 s; waits for the exit. */
    public void stop() {
        if (!Processes.stop(process)) {
            throw new IllegalStateException(this + " did not exit after SIGKILL");
        }
    }

    /** What the agent printed so far, for failure messages. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "agent " + agentId + " (pid " + process.pid() + ")";
    }
}
