package dev.vantage.coordinator.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One region's agent as a real child process inside the region's namespace:
 * {@code ip netns exec vl-<region> java -cp <this JVM's class path> dev.vantage.agent.cli.AgentCommand ...}.
 * {@code ip netns exec} execs java, so the child is the agent JVM itself. Its output goes to a
 * log file; {@link #close()} stops it (TERM, then KILL) and waits.
 */
final class RegionAgent implements AutoCloseable {
    private final String region;
    private final Path log;
    private final Process process;

    private RegionAgent(String region, Path log, Process process) {
        this.region = region;
        this.log = log;
        this.process = process;
    }

    static RegionAgent start(String region, String namespace, String coordinator, Path logDir, List<String> extraArgs) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace, java,
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.vantage.agent.cli.AgentCommand",
                "--location", region, "--coordinator", coordinator, "--agent-id", agentId(region)));
        cmd.addAll(extraArgs);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve("agent-" + region + ".log");
            Files.writeString(log, String.join(" ", cmd) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            return new RegionAgent(region, log, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent of " + region, e);
        }
    }

    static String agentId(String region) {
        return "lab-" + region;
    }

    String region() {
        return region;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the agent printed so far, for failure messages. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, as a crash or an OOM kill would: no goodbye to the coordinator. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM (the agent closes its stream cleanly), SIGKILL after 10 s; waits for the exit. */
    @Override
    public void close() {
        if (!Processes.stop(process)) {
            throw new IllegalStateException("agent of " + region + " (pid " + process.pid() + ") did not exit after SIGKILL");
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("agent of " + region + " (pid " + process.pid() + ") did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
