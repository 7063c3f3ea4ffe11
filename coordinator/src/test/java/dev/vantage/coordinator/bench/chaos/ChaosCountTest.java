package dev.vantage.coordinator.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.vantage.coordinator.bench.chaos.ChaosCount.Beat;
import dev.vantage.coordinator.bench.chaos.ChaosCount.Gap;
import dev.vantage.coordinator.bench.chaos.ChaosCount.Row;
import dev.vantage.coordinator.bench.chaos.ChaosCount.Tally;
import dev.vantage.coordinator.schedule.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosCountTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final long FROM = 1_800_000_000_000L;
    private static final long TO = FROM + 60_000;
    /** Monitor 7 at 10 s from two locations: 6 due times in the minute, 12 due rounds. */
    private static final Beat WEB = new Beat(7, TEN_SECONDS, List.of("eu-west", "us-east"));

    @Test
    void everyRoundStoredOnceLeavesNothingMissingOrDuplicated() {
        List<Row> rows = new ArrayList<>();
        long job = 1;
        for (long t : dueTimes(WEB)) {
            rows.add(row(job++, "eu-west", t, "SCHEDULED", 0));
            rows.add(row(job++, "us-east", t, "SCHEDULED", 0));
        }

        Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, rows, List.of());

        assertThat(tally).isEqualTo(new Tally(12, 12, 12, 0, 0, 0, 0, 0, 0, 0));
        assertThat(tally.balances()).isTrue();
    }

    @Test
    void aRoundWithoutARowIsMissingUnlessARecordedGapCoversIt() {
        List<Long> due = dueTimes(WEB);
        List<Row> rows = new ArrayList<>();
        for (long t : due.subList(0, 4)) {
            rows.add(row(t, "eu-west", t, "SCHEDULED", 0));
            rows.add(row(t + 1, "us-east", t, "SCHEDULED", 0));
        }
        rows.add(row(99, "eu-west", due.get(4), "SCHEDULED", 0));
        // us-east at due[4] and both locations at due[5] have no row; a gap covers due[5] only.
        List<Gap> gaps = List.of(new Gap(due.get(5) - 1, due.get(5) + 1));

        Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, rows, gaps);

        assertThat(tally.due()).isEqualTo(12);
        assertThat(tally.firstTries()).isEqualTo(9);
        assertThat(tally.missing()).isEqualTo(1);
        assertThat(tally.gapRounds()).isEqualTo(2);
        assertThat(tally.balances()).isTrue();
    }

    @Test
    void extraRowsOfTheSameRoundAndKindAreDuplicatesAndFollowUpsAreNot() {
        long t = dueTimes(WEB).get(0);
        List<Row> rows = List.of(
                row(1, "eu-west", t, "SCHEDULED", 1),
                row(1, "eu-west", t, "SCHEDULED", 1),  // stored twice after a restart: same job id
                row(1, "eu-west", t, "SCHEDULED", 1),
                row(2, "eu-west", t, "RETRY", 1),
                row(3, "us-east", t, "VERIFY", 1),
                row(4, "us-east", t, "SCHEDULED", 0));

        Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, rows, List.of());

        assertThat(tally.stored()).isEqualTo(6);
        assertThat(tally.duplicated()).isEqualTo(2);
        assertThat(tally.firstTries()).isEqualTo(2);
        assertThat(tally.missing()).isEqualTo(10);
        assertThat(tally.repeatedJobIds()).isEqualTo(1);
    }

    @Test
    void aFollowUpAloneDoesNotCountAsTheRoundsFirstTry() {
        long t = dueTimes(WEB).get(0);

        Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, List.of(row(1, "eu-west", t, "RETRY", 1)), List.of());

        assertThat(tally.firstTries()).isZero();
        assertThat(tally.missing()).isEqualTo(12);
    }

    @Test
    void noAgentRowsAreStoredFirstTriesCountedApart() {
        long t = dueTimes(WEB).get(0);

        Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, List.of(row(1, "eu-west", t, "SCHEDULED", 90)), List.of());

        assertThat(tally.firstTries()).isEqualTo(1);
        assertThat(tally.noAgent()).isEqualTo(1);
    }

    @Test
    void aCatchUpOffTheBeatStandsInForTheLatestRoundWithoutARowBeforeIt() {
        List<Long> due = dueTimes(WEB);
        List<Row> rows = new ArrayList<>(allOnTimeBut(due, "eu-west", due.get(2), due.get(3)));
        rows.add(row(50, "eu-west", due.get(3) + 1_000, "LATE", 0));

        Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, rows, List.of());

        assertThat(tally.late()).isEqualTo(1);
        assertThat(tally.firstTries()).isEqualTo(11);
        assertThat(tally.missing()).as("due[2]: a catch-up stands in for one round only").isEqualTo(1);
        assertThat(tally.offSchedule()).isZero();
        assertThat(tally.balances()).isTrue();
    }

    @Test
    void aCatchUpAfterTheWindowStandsInForARoundInItButIsNotCountedAsStoredInIt() {
        List<Long> due = dueTimes(WEB);
        List<Row> rows = new ArrayList<>(allOnTimeBut(due, "us-east", due.get(5)));
        rows.add(row(50, "us-east", TO + 1_000, "LATE", 0));

        Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, rows, List.of());

        assertThat(tally.late()).isEqualTo(1);
        assertThat(tally.missing()).isZero();
        assertThat(tally.stored()).isEqualTo(11);
    }

    @Test
    void anOffBeatRowWithNoMissedRoundBeforeItIsOffScheduleAndRowsOutsideTheWindowAreNotStoredInIt() {
        long t = dueTimes(WEB).get(0);
        List<Row> rows = List.of(
                row(1, "eu-west", t, "SCHEDULED", 0),
                row(2, "eu-west", t + 1, "SCHEDULED", 0),
                row(3, "eu-west", FROM - 1, "SCHEDULED", 0));

        Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, rows, List.of());

        assertThat(tally.stored()).isEqualTo(2);
        assertThat(tally.offSchedule()).isEqualTo(1);
        assertThat(tally.late()).isZero();
        assertThat(tally.firstTries()).isEqualTo(1);
    }

    @Test
    void aLateRowOnTheBeatCountsAsThatRoundsFirstTry() {
        long t = dueTimes(WEB).get(2);

        Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, List.of(row(1, "us-east", t, "LATE", 0)), List.of());

        assertThat(tally.firstTries()).isEqualTo(1);
        assertThat(tally.offSchedule()).isZero();
    }

    @Test
    void theRoundsAlwaysAddUpWhateverWasStoredAndWhateverTheGaps() {
        List<Long> due = dueTimes(WEB);
        qt().forAll(lists().of(integers().between(0, 23)).ofSizeBetween(0, 40), integers().between(0, 6), integers().between(0, 6))
                .checkAssert((picks, gapStart, gapLength) -> {
                    List<Row> rows = new ArrayList<>();
                    for (int p : picks) {
                        rows.add(row(p, p % 2 == 0 ? "eu-west" : "us-east", due.get(p / 2 % due.size()), p >= 12 ? "RETRY" : "SCHEDULED", 0));
                    }
                    long gapFrom = FROM + gapStart * 10_000L;
                    Tally tally = ChaosCount.count(List.of(WEB), FROM, TO, rows, List.of(new Gap(gapFrom, gapFrom + gapLength * 10_000L)));

                    assertThat(tally.balances()).isTrue();
                    assertThat(tally.due()).isEqualTo(12);
                    assertThat(tally.stored()).isEqualTo(rows.size());
                    assertThat(tally.duplicated()).isEqualTo(rows.size() - rows.stream().distinct().count());
                });
    }

    private static List<Long> dueTimes(Beat beat) {
        List<Long> due = new ArrayList<>();
        for (long t = Phase.nextDue(beat.monitorId(), beat.interval(), FROM - 1); t < TO; t = Phase.nextDue(beat.monitorId(), beat.interval(), t)) {
            due.add(t);
        }
        assertThat(due).hasSize(6);
        return due;
    }

    /** Every round of WEB stored on time from both locations, except at {@code location} at the due times given. */
    private static List<Row> allOnTimeBut(List<Long> due, String location, Long... missed) {
        List<Row> rows = new ArrayList<>();
        long job = 100;
        for (long t : due) {
            for (String l : WEB.locations()) {
                if (!(l.equals(location) && List.of(missed).contains(t))) {
                    rows.add(row(job++, l, t, "SCHEDULED", 0));
                }
            }
        }
        return rows;
    }

    private static Row row(long job, String location, long dueAt, String kind, int code) {
        return new Row(job, WEB.monitorId(), location, dueAt, kind, code);
    }
}
