package dev.vantage.coordinator.alert.channel;

import dev.vantage.coordinator.alert.Channel;
import java.time.Clock;

/** One configured channel, before it is opened. */
public sealed interface ChannelSettings permits WebhookChannel.Settings, EmailChannel.Settings {
    String name();

    /** A channel sending with these settings. */
    Channel open(Clock clock);
}
