package dev.vantage.common.model;

/** What a blackout stops. */
public enum BlackoutEffect {
    /** No rounds run; the monitor shows BLACKOUT; no alerts either. */
    STOP_PROBING("stop-probing"),
    /** Rounds run and status is kept, but no OPEN or REMINDER goes out; an outage still open when the blackout ends is alerted then. */
    STOP_ALERTING("stop-alerting");

    private final String word;

    BlackoutEffect(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static BlackoutEffect ofWord(String word) {
        for (BlackoutEffect e : values()) {
            if (e.word.equalsIgnoreCase(word.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + word + "' is not a blackout effect; use stop-probing or stop-alerting");
    }
}
