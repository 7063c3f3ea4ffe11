package dev.vantage.common.model;

/** Why a probe did not connect; {@link #NONE} when it did. */
public enum FailureReason {
    NONE("none"),
    REFUSED("refused"),
    TIMED_OUT("timed out"),
    UNREACHABLE("unreachable"),
    NAME_NOT_RESOLVED("name not resolved"),
    NO_AGENT("no agent available"),
    OTHER("other");

    private final String label;

    FailureReason(String label) {
        this.label = label;
    }

    /** The words users read in tables and alerts. */
    public String label() {
        return label;
    }
}
