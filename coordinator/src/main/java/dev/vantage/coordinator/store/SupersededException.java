package dev.vantage.coordinator.store;

/**
 * A write refused because another coordinator has become active on the store since this one did
 * (its fencing epoch is no longer the store's): nothing of the transaction was written.
 */
public final class SupersededException extends RuntimeException {
    public SupersededException(long epoch, long current) {
        super("another coordinator is active on this store (epoch " + current + "; this one holds " + epoch
                + "), so this coordinator may no longer write; it stops");
    }
}
