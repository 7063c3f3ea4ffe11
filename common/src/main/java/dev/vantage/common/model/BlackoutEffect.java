package dev.vantage.common.model;

import dev.vantage.common.config.EnumWords;

/** What a blackout stops. */
public enum BlackoutEffect {
    /** No rounds run; the monitor shows BLACKOUT; no alerts either. */
    STOP_PROBING,
    /** Rounds run and status is kept, but no OPEN or REMINDER goes out; an outage still open when the blackout ends is alerted then. */
    STOP_ALERTING;

    public String word() {
        return EnumWords.of(this);
    }

    public static BlackoutEffect ofWord(String word) {
        return EnumWords.parse(BlackoutEffect.class, "blackout effect", word);
    }
}
