package dev.vantage.coordinator.alert;

/** A monitor's state as `vantage status` shows it. */
public enum MonitorState {
    UNKNOWN,
    UP,
    WARNING,
    DOWN,
    PAUSED,
    BLACKOUT
}
