package dev.vantage.coordinator.alert;

/** What an incident is about: the monitor being DOWN, or one of the states of {@code SignalRules}. */
public enum AlertTopic {
    /** The monitor is DOWN (its mode counts the failures): the alerts every monitor sends. */
    OUTAGE("outage"),
    /** A minority of locations keeps failing below the DOWN rule ({@code --notify-regional}). */
    REGIONAL("regional"),
    /** Locations keep connecting slower than {@code --warn-connect-time} ({@code --notify-slow}). */
    SLOW("slow"),
    /** The monitor keeps changing between UP and DOWN; its other alerts are held back meanwhile. */
    FLAPPING("flapping");

    private final String label;

    AlertTopic(String label) {
        this.label = label;
    }

    /** The lower-case word webhook bodies, e-mail subjects and the CLI show. */
    public String label() {
        return label;
    }

    /** @throws IllegalArgumentException for a word that is not a {@link #label()} */
    public static AlertTopic fromLabel(String label) {
        for (AlertTopic t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown alert topic '" + label + "'");
    }
}
