package dev.vantage.coordinator.cli;

/**
 * An expected way for a command to fail: {@link VantageCli} prints {@code error: <message>}
 * to stderr and exits with {@link #exitCode()}, without a stack trace.
 */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
