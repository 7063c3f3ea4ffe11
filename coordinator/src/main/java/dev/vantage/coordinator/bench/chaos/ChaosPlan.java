package dev.vantage.coordinator.bench.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * When a chaos run kills what: each kind of kill spread over the measured window, one in each equal
 * slice at a seeded random moment in its middle 80 % (so two kills of one kind never land together and
 * a run is repeatable with its seed).
 */
final class ChaosPlan {
    private ChaosPlan() {
    }

    enum Victim {
        COORDINATOR, AGENT;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param atMillis   from the start of the measured window
     * @param agentIndex which agent (by location index) an AGENT kill hits; 0 for a coordinator kill
     */
    record Kill(long atMillis, Victim victim, int agentIndex) {
    }

    static List<Kill> plan(long seed, Duration window, int coordinatorKills, int agentKills, int locations) {
        Random random = new Random(seed);
        // Victims from a generator of their own: drawn from the same linear congruential one, each index right after
        // a moment, they come out all alike (seed 1 picks the same agent every time).
        SplittableRandom victims = new SplittableRandom(seed);
        List<Kill> kills = new ArrayList<>();
        spread(random, window, coordinatorKills, at -> kills.add(new Kill(at, Victim.COORDINATOR, 0)));
        spread(random, window, agentKills, at -> kills.add(new Kill(at, Victim.AGENT, victims.nextInt(locations))));
        kills.sort(Comparator.comparingLong(Kill::atMillis));
        return kills;
    }

    private static void spread(Random random, Duration window, int count, LongConsumer at) {
        double slice = (double) window.toMillis() / Math.max(count, 1);
        for (int i = 0; i < count; i++) {
            at.accept((long) (slice * (i + 0.1 + 0.8 * random.nextDouble())));
        }
    }
}
