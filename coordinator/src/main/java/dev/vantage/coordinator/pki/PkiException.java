package dev.vantage.coordinator.pki;

/**
 * A certificate, key or CRL file that cannot be used; the message names the file and what is wrong.
 * It is bad input to the command or config that named the file, hence an IllegalArgumentException:
 * the CLI prints it as {@code error: ...} and exits 2.
 */
public final class PkiException extends IllegalArgumentException {
    public PkiException(String message) {
        super(message);
    }
}
