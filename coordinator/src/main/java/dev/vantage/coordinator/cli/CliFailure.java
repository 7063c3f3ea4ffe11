package dev.vantage.coordinator.cli;

/**
 * An expected way for a command to fail: {@link VantageCli} prints {@code error: <message>}
 * to stderr and exits with {@link #exitCode()}, without a stack trace.
 */
final class CliFailure extends RuntimeException {
    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
