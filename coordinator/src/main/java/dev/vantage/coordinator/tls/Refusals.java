package dev.vantage.coordinator.tls;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which refusals were logged, so an agent that retries every few seconds with a bad
 * certificate makes one log line, not one per attempt. Bounded: the oldest are forgotten first.
 */
public final class Refusals {
    private static final int REMEMBERED = 10_000;
    private final Map<String, Boolean> seen = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /** True the first time {@code key} is seen: log then. */
    public boolean first(String key) {
        return seen.putIfAbsent(key, Boolean.TRUE) == null;
    }
}
