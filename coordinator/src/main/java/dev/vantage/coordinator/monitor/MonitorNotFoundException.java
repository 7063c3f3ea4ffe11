package dev.vantage.coordinator.monitor;

/** No monitor has the name or id a user gave. */
public final class MonitorNotFoundException extends RuntimeException {
    public MonitorNotFoundException(String ref) {
        super("no monitor named or numbered '" + ref + "'; `vantage monitor list` shows them");
    }
}
