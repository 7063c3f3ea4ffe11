package dev.vantage.coordinator.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.coordinator.bench.chaos.ChaosPlan.Kill;
import dev.vantage.coordinator.bench.chaos.ChaosPlan.Victim;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {
    private static final Duration THREE_MINUTES = Duration.ofMinutes(3);

    @Test
    void theSameSeedGivesTheSameKillsAndAnotherSeedOthers() {
        assertThat(ChaosPlan.plan(42, THREE_MINUTES, 4, 2, 3)).isEqualTo(ChaosPlan.plan(42, THREE_MINUTES, 4, 2, 3))
                .isNotEqualTo(ChaosPlan.plan(43, THREE_MINUTES, 4, 2, 3));
    }

    @Test
    void eachKindOfKillFallsOncePerEqualSliceOfTheWindowInTimeOrder() {
        List<Kill> kills = ChaosPlan.plan(7, THREE_MINUTES, 4, 3, 3);

        List<Kill> coordinator = kills.stream().filter(k -> k.victim() == Victim.COORDINATOR).toList();
        assertThat(coordinator).hasSize(4);
        for (int i = 0; i < 4; i++) {
            // slice i of 45 s, inside its middle 80 %
            assertThat(coordinator.get(i).atMillis()).isBetween(45_000L * i + 4_500, 45_000L * (i + 1) - 4_500);
        }
        assertThat(kills.stream().filter(k -> k.victim() == Victim.AGENT)).hasSize(3).allSatisfy(k -> assertThat(k.agentIndex()).isBetween(0, 2));
        assertThat(kills).isSortedAccordingTo((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
    }

    @Test
    void agentKillsHitDifferentLocations() {
        assertThat(ChaosPlan.plan(1, THREE_MINUTES, 0, 12, 3).stream().map(Kill::agentIndex).distinct()).hasSize(3);
    }

    @Test
    void noKillsAsked() {
        assertThat(ChaosPlan.plan(1, THREE_MINUTES, 0, 0, 3)).isEmpty();
    }
}
