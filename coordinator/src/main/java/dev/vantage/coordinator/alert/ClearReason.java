package dev.vantage.coordinator.alert;

/** Why an incident ended, as its CLEAR alert says. */
public enum ClearReason {
    /** The monitor's rounds say it is no longer down (under its current rule). */
    RECOVERED("recovered"),
    /** The monitor was paused: no round will decide the incident any more. */
    PAUSED("paused"),
    /** The monitor was deleted, or a DEGRADED location's canaries were removed from the config (nothing judges it any more). */
    DELETED("deleted"),
    /** A FLAPPING monitor changes between UP and DOWN rarely enough again. */
    SETTLED("settled");

    private final String label;

    ClearReason(String label) {
        this.label = label;
    }

    /** The lower-case word alerts, webhook bodies and the CLI show. */
    public String label() {
        return label;
    }

    /** @throws IllegalArgumentException for a word that is not a {@link #label()} */
    public static ClearReason fromLabel(String label) {
        for (ClearReason r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown clear reason '" + label + "'");
    }
}
