package dev.vantage.coordinator.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** The DEGRADED / HEALTHY rule, against a plain model of it over any sequence of canary rounds. */
class StreakTest {
    /** One canary round of two canaries: connected, failed (the rest had no agent). */
    private record Round(int connected, int failed) {
    }

    private static Gen<Round> rounds() {
        return Generate.pick(List.of(new Round(0, 2), new Round(0, 1), new Round(1, 1), new Round(2, 0), new Round(0, 0)));
    }

    @Test
    void degradedExactlyAfterNFailedRoundsInARowAndHealthyAfterMGoodOnes() {
        Streak s = new Streak(3, 2);
        assertThat(s.round(0, 2)).isEmpty();
        assertThat(s.round(0, 1)).isEmpty();
        assertThat(s.round(0, 0)).as("no agent: says nothing").isEmpty();
        assertThat(s.round(0, 2)).contains(Health.DEGRADED);
        assertThat(s.round(0, 2)).as("already degraded: no second change").isEmpty();
        assertThat(s.round(1, 1)).as("one canary connects: a good round").isEmpty();
        assertThat(s.round(0, 1)).as("a failure breaks the good streak").isEmpty();
        assertThat(s.round(2, 0)).isEmpty();
        assertThat(s.round(1, 0)).contains(Health.HEALTHY);
        assertThat(s.degraded()).isFalse();
    }

    @Test
    void aStreakCarriedOnFromAnotherCoordinatorGoesOnWhereItStopped() {
        Streak failing = new Streak(3, 2, false, 2);
        assertThat(failing.round(0, 0)).as("no agent: says nothing").isEmpty();
        assertThat(failing.round(0, 1)).as("the third failed round in a row").contains(Health.DEGRADED);
        assertThat(failing.against()).isZero();

        Streak recovering = new Streak(3, 2, true, 1);
        assertThat(recovering.degraded()).isTrue();
        assertThat(recovering.round(0, 2)).as("a failure breaks the good streak").isEmpty();
        assertThat(recovering.against()).isZero();
        assertThat(recovering.round(1, 0)).isEmpty();
        assertThat(recovering.against()).isEqualTo(1);
        assertThat(recovering.round(1, 0)).contains(Health.HEALTHY);

        assertThat(new Streak(2, 2, false, 4).round(0, 1)).as("past a lower threshold of this coordinator").contains(Health.DEGRADED);
    }

    @Test
    void theRuleMatchesItsModelForAnySequenceOfRounds() {
        qt().withExamples(300).forAll(SourceDSL.integers().between(1, 4), SourceDSL.integers().between(1, 4),
                SourceDSL.lists().of(rounds()).ofSizeBetween(0, 40)).checkAssert((degradeAfter, recoverAfter, rounds) -> {
            Streak s = new Streak(degradeAfter, recoverAfter);
            List<Health> changes = new ArrayList<>();
            boolean degraded = false;
            List<Health> expected = new ArrayList<>();
            int bad = 0;
            int good = 0;
            for (Round r : rounds) {
                Optional<Health> changed = s.round(r.connected(), r.failed());
                changed.ifPresent(changes::add);
                if (r.connected() > 0) {
                    bad = 0;
                    good++;
                } else if (r.failed() > 0) {
                    good = 0;
                    bad++;
                }
                if (!degraded && bad >= degradeAfter && r.connected() == 0 && r.failed() > 0) {
                    degraded = true;
                    expected.add(Health.DEGRADED);
                } else if (degraded && good >= recoverAfter && r.connected() > 0) {
                    degraded = false;
                    expected.add(Health.HEALTHY);
                }
                assertThat(s.degraded()).isEqualTo(degraded);
            }
            assertThat(changes).isEqualTo(expected);
            // changes alternate, starting with DEGRADED: one alert each way, never two in a row
            for (int i = 0; i < changes.size(); i++) {
                assertThat(changes.get(i)).isEqualTo(i % 2 == 0 ? Health.DEGRADED : Health.HEALTHY);
            }
        });
    }
}
