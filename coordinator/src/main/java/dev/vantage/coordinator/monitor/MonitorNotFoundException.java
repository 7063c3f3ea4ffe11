package dev.vantage.coordinator.monitor;

import dev.vantage.common.text.Display;

/** No monitor has the name or id a user gave. */
public final class MonitorNotFoundException extends RuntimeException {
    public MonitorNotFoundException(String ref) {
        super("no monitor named or numbered " + Display.quote(ref) + "; `vantage monitor list` shows them");
    }
}
