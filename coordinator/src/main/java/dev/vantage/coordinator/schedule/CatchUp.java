package dev.vantage.coordinator.schedule;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.validation.RoundBudget;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which monitors get a catch-up round after a time with no active coordinator, and when. A monitor whose
 * round fell due in [{@code from}, now) and did not run from every one of its locations (the previous
 * coordinator may have stored some before it died) runs one late round: one, however many rounds the gap
 * held, so there is no burst. It goes between two of its regular rounds, at least {@link RoundBudget#worstCase}
 * after the one and before the other (overlapping rounds are skipped), at a point of that stretch derived
 * from the monitor id, so that catch-ups spread evenly over the next interval or so.
 *
 * @param run by monitor id, the locations whose round due since {@code from} was stored
 */
record CatchUp(Instant from, Map<Long, Set<String>> run) {
    /** A second hash of the id, so a monitor's catch-up does not sit at the same point as its regular round. */
    private static final long SALT = 0x5DEECE66DL;

    /**
     * @param nowMillis  when the monitor goes on the schedule
     * @param nextMillis its first regular due time after that
     * @return when to run its catch-up round; empty when none is owed
     */
    OptionalLong lateAt(Monitor m, long nowMillis, long nextMillis) {
        long interval = m.spec().interval().toMillis();
        long missed = Phase.nextDue(m.id(), m.spec().interval(), from.toEpochMilli() - 1);
        if (missed >= nowMillis || missed < m.createdAt().toEpochMilli()
                || run.getOrDefault(m.id(), Set.of()).containsAll(m.spec().locations())) {
            return OptionalLong.empty();
        }
        // Free: from a regular round's due time plus its budget to the next one's due time minus the budget
        // (a round overlapping another is skipped). The point in that stretch comes from the id; the earlier
        // of the two stretches around nextMillis that has not begun yet.
        long budget = RoundBudget.worstCase(m.spec()).toMillis();
        long free = interval - 2 * budget;
        long at = nextMillis + budget + (free <= 0 ? 0 : Math.floorMod(Phase.mix(m.id() ^ SALT), free));
        return OptionalLong.of(at - interval >= nowMillis ? at - interval : at);
    }
}
