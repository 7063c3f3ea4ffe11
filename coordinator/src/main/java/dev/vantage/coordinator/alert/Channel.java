package dev.vantage.coordinator.alert;

/**
 * One way of telling people about alerts: a webhook, a mailbox, … Implementations are thread-safe;
 * the {@link Deliverer} calls one channel from one thread at a time.
 */
public interface Channel {
    /** The channel's configured name ({@code channel.<name>.*}), used in the outbox and in logs. */
    String name();

    /**
     * Delivers one alert. Returning normally means the receiver acknowledged it; the alert will not be
     * sent again. The same alert may be delivered more than once (after a failure or a restart), always
     * with the same {@link Alert#idempotencyKey()}.
     *
     * @throws DeliveryException when the receiver did not acknowledge the alert
     */
    void deliver(Alert alert) throws DeliveryException;
}
