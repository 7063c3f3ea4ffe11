package dev.vantage.common.model;

/**
 * The status of one probe result, as users and alert consumers see it.
 * Codes 0 and 1 follow the familiar TCP monitor convention; 90 and 91 are Vantage's own
 * and never count as a target failure.
 */
public enum StatusCode {
    OK(0, "OK"),
    TCP_CONNECTION_FAILED(1, "TCP connection failed"),
    NO_AGENT_AVAILABLE(90, "No agent available"),
    /** The probe ran from a location whose canaries fail (DEGRADED): what it found says nothing about the target. */
    LOCATION_UNHEALTHY(91, "Location unhealthy");

    private final int code;
    private final String text;

    StatusCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** Whether this result says something about the target (as opposed to about Vantage itself). */
    public boolean isTargetVerdict() {
        return this == OK || this == TCP_CONNECTION_FAILED;
    }

    public static StatusCode ofCode(int code) {
        for (StatusCode s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status code " + code);
    }
}
