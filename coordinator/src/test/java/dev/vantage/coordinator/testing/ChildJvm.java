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
 * A Vantage role as a child JVM on this build's class path ({@code java -cp <this class path> MAIN ARGS}), its command
 * line and then its output appended to a log file, so that a test can do to it what happens in the field: SIGTERM (a
 * service manager's stop), SIGKILL (a crash: the kernel closes its sockets) or SIGSTOP (frozen: its connections stay
 * open and say nothing). {@link #close()} kills it and waits.
 */
public final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** @param jvmOptions then the main class and its arguments */
    public static ChildJvm start(String name, Path log, List<String> jvmOptions, String mainClass, List<String> args) {
        return start(name, log, List.of(), jvmOptions, mainClass, args);
    }

    /**
     * @param launcher a command that execs what follows it, e.g. {@code ip netns exec NS} to run the JVM inside a
     *                 network namespace (the child is then the JVM itself); empty for none
     */
    public static ChildJvm start(String name, Path log, List<String> launcher, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, String.join(" ", cmd) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            return new ChildJvm(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as a service manager stops it; waits for the exit and returns its status. */
    public int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit("SIGTERM");
    }

    /** SIGKILL, as a crash or an OOM kill: no goodbye, but the kernel closes its connections. Waits for the exit. */
    public void kill() {
        process.destroyForcibly();
        try {
            awaitExit("SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process and its connections stay, silent, as behind a link that died without a reset. */
    public void freeze() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
        }
    }

    /** SIGTERM, and SIGKILL when that does not end it within 10 s (teardown); waits for the exit. */
    public void stop() {
        if (!Processes.stop(process)) {
            throw new IllegalStateException(this + " did not exit after SIGKILL");
        }
    }

    private int awaitExit(String signal) throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(this + " did not exit within 60 s of " + signal);
        }
        return process.exitValue();
    }

    /** What it printed so far, for assertions and failure messages. */
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
        return name + " (pid " + process.pid() + ")";
    }
}
