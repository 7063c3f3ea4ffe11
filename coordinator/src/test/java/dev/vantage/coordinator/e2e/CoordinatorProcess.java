package dev.vantage.coordinator.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * `vantage coordinator --config FILE` as a child JVM on this build's classes, so that a test can stop it the way a
 * service manager does: SIGTERM (a restart, a rolling deploy) or SIGKILL (a crash, the OOM killer). Its output goes
 * to a log file the test reads. {@link #close()} kills it and waits.
 */
final class CoordinatorProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private CoordinatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static CoordinatorProcess start(Path config, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "dev.vantage.coordinator.cli.VantageCli", "coordinator", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            return new CoordinatorProcess(p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a coordinator with " + config, e);
        }
    }

    /** SIGTERM and wait for the exit; returns the exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit("SIGTERM");
    }

    /** SIGKILL and wait for the exit: no goodbye, the kernel closes its sockets and the database its sessions. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit("SIGKILL");
    }

    private int awaitExit(String signal) throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("coordinator pid " + process.pid() + " did not exit within 60 s of " + signal + ":\n" + log());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the coordinator printed so far. */
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
