package dev.vantage.coordinator.alert;

/** A monitor's state as `vantage status` shows it. */
public enum MonitorState {
    UNKNOWN,
    UP,
    WARNING,
    DOWN,
    PAUSED,
    BLACKOUT,
    /** Not DOWN, but some locations have failed {@code --regional-after} rounds in a row (below the DOWN rule). */
    REGIONAL,
    /** Changed between UP and DOWN more than {@code --flap-changes} times within {@code --flap-window}: alerts held back. */
    FLAPPING
}
