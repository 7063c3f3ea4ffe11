package dev.vantage.common.model;

/** Why a probe did not connect; {@link #NONE} when it did. */
public enum FailureReason {
    NONE("none"),
    REFUSED("refused"),
    TIMED_OUT("timed out"),
    UNREACHABLE("unreachable"),
    NAME_NOT_RESOLVED("name not resolved"),
    NO_AGENT("no agent available"),
    /** The location's canaries fail: the probe's own finding is kept in the message only. */
    LOCATION_UNHEALTHY("location unhealthy"),
    /** The agent refused to connect: the address is in a range the probe-target policy denies. */
    ADDRESS_NOT_ALLOWED("address not allowed"),
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
