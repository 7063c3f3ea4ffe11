package dev.vantage.coordinator.store;

/**
 * A write refused because another coordinator has become active on the store since this one did
 * (its fencing epoch is no longer the store's), or because this one released the store: nothing of the
 * transaction was written.
 */
public final class SupersededException extends RuntimeException {
    public SupersededException(long epoch, long current) {
        super("another coordinator is active on this store (epoch " + current + "; this one holds " + epoch
                + "), so this coordinator may no longer write; it stops");
    }

    /** A write after this coordinator released its epoch (a planned stop): its tenure is over. */
    public SupersededException(long epoch) {
        super("this coordinator released the store (epoch " + epoch + ") and may no longer write");
    }
}
