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
 * A Vantage role as a child JVM on this build's class path ({@code java -cp <this class path> MAIN ARGS}), its output
 * appended to a log file, so that a test can do to it what happens in the field: SIGTERM (a service manager's stop),
 * SIGKILL (a crash: the kernel closes its sockets) or SIGSTOP (frozen). {@link #close()} kills it and waits.
 */
final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** @param jvmOptions then the main class and its arguments */
    static ChildJvm start(String name, Path log, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            return new ChildJvm(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** SIGTERM, as a service manager stops it; waits for the exit and returns its status. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit("SIGTERM");
    }

    /** SIGKILL, as a crash or an OOM kill: no goodbye, but the kernel closes its connections. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit("SIGKILL");
    }

    /** SIGSTOP: the process and its connections stay, silent, as behind a link that died without a reset. */
    void freeze() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
        }
    }

    private int awaitExit(String signal) throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " pid " + process.pid() + " did not exit within 60 s of " + signal);
        }
        return process.exitValue();
    }

    /** What it printed so far, for assertions and failure messages. */
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
