package dev.vantage.common.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When and to whom a monitor's outages are alerted.
 *
 * @param startNotify   {@code --start-notify}: error rounds in a row before the incident opens and the
 *                      first alert goes out (default 1)
 * @param stopNotify    {@code --stop-notify}: the most alerts sent for one continuing outage, the OPEN
 *                      alert and reminders counted, the CLEAR not (default 1: no reminders)
 * @param remindEvery   {@code --remind-every}: the spacing of reminders; empty: no reminders
 * @param notifyOnClear {@code --notify-on-clear}: send a CLEAR when the monitor is UP again (default on)
 * @param channels      {@code --notify}: names of configured channels; empty means the configured default set
 */
public record NotifyRules(
        int startNotify,
        int stopNotify,
        Optional<Duration> remindEvery,
        boolean notifyOnClear,
        List<String> channels) {

    public NotifyRules {
        Objects.requireNonNull(remindEvery, "remindEvery");
        channels = List.copyOf(channels);
    }

    /** Alert on the first error round, once, clear when UP again, to the default channels. */
    public static NotifyRules defaults() {
        return new NotifyRules(1, 1, Optional.empty(), true, List.of());
    }

    public boolean usesDefaultChannels() {
        return channels.isEmpty();
    }

    public NotifyRules withStartNotify(int n) {
        return new NotifyRules(n, stopNotify, remindEvery, notifyOnClear, channels);
    }

    /** At most {@code n} alerts per outage, spaced by {@code every}. */
    public NotifyRules withReminders(int n, Duration every) {
        return new NotifyRules(startNotify, n, Optional.of(every), notifyOnClear, channels);
    }

    public NotifyRules withNotifyOnClear(boolean on) {
        return new NotifyRules(startNotify, stopNotify, remindEvery, on, channels);
    }

    public NotifyRules withChannels(List<String> names) {
        return new NotifyRules(startNotify, stopNotify, remindEvery, notifyOnClear, names);
    }
}
