package dev.vantage.coordinator.store;

/** The database failed; the message says which one and what it said. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
