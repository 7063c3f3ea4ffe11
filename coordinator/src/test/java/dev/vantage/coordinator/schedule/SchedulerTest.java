package dev.vantage.coordinator.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final List<DueRound> fired = new ArrayList<>();

    private static Monitor monitor(long id, Duration interval) {
        MonitorSpec spec = new MonitorSpec("m" + id, "127.0.0.1", 80, interval, Duration.ofSeconds(5), List.of("eu-west"));
        return new Monitor(id, spec, false, START, START);
    }

    private Scheduler scheduler() {
        return new Scheduler(clock, 10, fired::addAll);
    }

    private void run(Scheduler s, Duration span) {
        for (long t = 0; t < span.toMillis(); t += 10) {
            clock.advance(Duration.ofMillis(10));
            s.tick();
        }
    }

    @Test
    void monitorsCreatedTogetherAreSpreadOverTheInterval() {
        Scheduler s = scheduler();
        for (long id = 1; id <= 1200; id++) {
            s.upsert(monitor(id, Duration.ofSeconds(60)));
        }

        // The first tick (10 ms in) schedules them: one full interval from there.
        run(s, Duration.ofMillis(60_010));

        assertThat(fired).hasSize(1200);
        assertThat(fired).extracting(r -> r.monitor().id()).doesNotHaveDuplicates();
        Map<Long, Long> perSecond = fired.stream()
                .collect(Collectors.groupingBy(r -> r.dueAt().getEpochSecond(), Collectors.counting()));
        // 20 per second on average; all at once would be 1200 in one second.
        assertThat(perSecond.values()).allMatch(n -> n <= 50);
        assertThat(perSecond).hasSizeGreaterThan(50);
    }

    @Test
    void everyMonitorFiresOncePerIntervalOnItsBeat() {
        Scheduler s = scheduler();
        s.upsert(monitor(7, Duration.ofSeconds(10)));

        run(s, Duration.ofSeconds(35));

        assertThat(fired).hasSize(3);
        for (int i = 1; i < fired.size(); i++) {
            assertThat(Duration.between(fired.get(i - 1).dueAt(), fired.get(i).dueAt())).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void aRestartedSchedulerKeepsTheBeatWithoutACatchUpBurst() {
        Scheduler before = scheduler();
        for (long id = 1; id <= 100; id++) {
            before.upsert(monitor(id, Duration.ofSeconds(30)));
        }
        run(before, Duration.ofSeconds(45));
        Map<Long, Long> beat = new HashMap<>();
        fired.forEach(r -> beat.put(r.monitor().id(), Math.floorMod(r.dueAt().toEpochMilli(), 30_000L)));
        fired.clear();

        // The coordinator is down for 95 s, then starts again with the same monitors.
        clock.advance(Duration.ofSeconds(95));
        Scheduler after = scheduler();
        for (long id = 1; id <= 100; id++) {
            after.upsert(monitor(id, Duration.ofSeconds(30)));
        }
        run(after, Duration.ofSeconds(30));

        assertThat(fired).hasSize(100);
        assertThat(fired).allMatch(r -> r.dueAt().isAfter(START.plusSeconds(140)));
        fired.forEach(r -> assertThat(Math.floorMod(r.dueAt().toEpochMilli(), 30_000L)).isEqualTo(beat.get(r.monitor().id())));
    }

    @Test
    void aStalledTickFiresEachMonitorOnceNotOncePerMissedRound() {
        Scheduler s = scheduler();
        s.upsert(monitor(3, Duration.ofSeconds(10)));
        s.tick();

        clock.advance(Duration.ofSeconds(55));
        s.tick();

        assertThat(fired).hasSize(1);
    }

    @Test
    void pausedAndRemovedMonitorsStopFiring() {
        Scheduler s = scheduler();
        Monitor a = monitor(1, Duration.ofSeconds(10));
        Monitor b = monitor(2, Duration.ofSeconds(10));
        s.upsert(a);
        s.upsert(b);
        run(s, Duration.ofSeconds(10));
        assertThat(fired).hasSize(2);
        fired.clear();

        s.upsert(a.withPaused(true, START));
        s.remove(b.id());
        run(s, Duration.ofSeconds(30));
        assertThat(fired).isEmpty();

        s.upsert(a.withPaused(false, START));
        run(s, Duration.ofSeconds(10));
        assertThat(fired).extracting(r -> r.monitor().id()).containsExactly(1L);
    }

    @Test
    void aChangedIntervalTakesEffectAndTheOldBeatStops() {
        Scheduler s = scheduler();
        Monitor m = monitor(5, Duration.ofSeconds(10));
        s.upsert(m);
        run(s, Duration.ofSeconds(10));
        fired.clear();

        s.upsert(m.withSpec(new MonitorSpec("m5", "127.0.0.1", 80, Duration.ofSeconds(60), Duration.ofSeconds(5), List.of("eu-west")), START));
        run(s, Duration.ofSeconds(120));

        assertThat(fired).hasSize(2);
        assertThat(Duration.between(fired.get(0).dueAt(), fired.get(1).dueAt())).isEqualTo(Duration.ofSeconds(60));
    }

    /** --retry-interval: a round moved sooner replaces the one on the beat, and the beat resumes after it. */
    @Test
    void aRoundAskedForSoonerReplacesTheBeatOnceAndTheBeatResumes() {
        Scheduler s = scheduler();
        s.upsert(monitor(7, Duration.ofSeconds(60)));
        run(s, Duration.ofSeconds(61));
        assertThat(fired).hasSize(1);
        Instant beat = fired.get(0).dueAt();

        s.runAt(7, beat.plusSeconds(15));
        run(s, Duration.ofSeconds(130));

        assertThat(fired).extracting(DueRound::dueAt)
                .containsExactly(beat, beat.plusSeconds(15), beat.plusSeconds(60), beat.plusSeconds(120));
    }

    @Test
    void aRoundAskedForAMonitorNoLongerScheduledIsIgnored() {
        Scheduler s = scheduler();
        s.upsert(monitor(7, Duration.ofSeconds(60)));
        s.remove(7);
        s.runAt(7, START.plusSeconds(5));

        run(s, Duration.ofSeconds(130));

        assertThat(fired).isEmpty();
    }

    @Test
    void aRoundAskedForATimeAlreadyPastRunsNowWithNowAsItsDueTime() {
        Scheduler s = scheduler();
        s.upsert(monitor(7, Duration.ofSeconds(60)));
        run(s, Duration.ofSeconds(61));
        Instant beat = fired.get(0).dueAt();

        s.runAt(7, beat.minusSeconds(30));
        Instant asked = clock.instant();
        run(s, Duration.ofMillis(20));

        assertThat(fired).hasSize(2);
        assertThat(fired.get(1).dueAt()).isBetween(asked, clock.instant());
    }

    @Test
    void afterAGapEachMonitorThatMissedARoundRunsOneLateRoundSpreadBetweenItsRegularOnes() {
        Duration interval = Duration.ofSeconds(60);
        Instant gapFrom = START.minusSeconds(150); // every monitor missed two or three rounds
        Scheduler s = scheduler();
        s.catchUpSince(gapFrom, Map.of(1L, java.util.Set.of("eu-west"))); // monitor 1's round did run before the end
        for (long id = 1; id <= 300; id++) {
            s.upsert(new Monitor(id, monitor(id, interval).spec(), false, START.minusSeconds(3600), START));
        }
        Monitor created = new Monitor(301, monitor(301, interval).spec(), false, START, START); // created after the gap
        s.upsert(created);

        run(s, interval.multipliedBy(3));

        List<DueRound> late = fired.stream().filter(DueRound::late).toList();
        assertThat(late).extracting(r -> r.monitor().id()).doesNotHaveDuplicates().doesNotContain(1L, 301L).hasSize(299);
        assertThat(late).allSatisfy(r -> assertThat(r.dueAt()).isBetween(START, START.plus(interval.multipliedBy(2))));
        // Spread: at most a few per second, never a burst at start-up.
        Map<Long, Long> perSecond = late.stream().collect(Collectors.groupingBy(r -> r.dueAt().getEpochSecond(), Collectors.counting()));
        assertThat(perSecond.values()).allMatch(n -> n <= 12);
        // Never within a round's budget of a regular round (first try and retry, 2 x 5 s here): neither is skipped.
        for (DueRound r : late) {
            List<Instant> regular = fired.stream().filter(x -> !x.late() && x.monitor().id() == r.monitor().id()).map(DueRound::dueAt).toList();
            assertThat(regular).allSatisfy(due -> assertThat(Duration.between(due, r.dueAt()).abs()).isGreaterThanOrEqualTo(Duration.ofSeconds(10)));
        }
    }

    @Test
    void noLateRoundWithoutACatchUpOrWhenNoRoundFellDue() {
        Scheduler s = scheduler();
        s.catchUpSince(START.minusMillis(100), Map.of()); // a 100 ms gap: almost no monitor was due in it
        for (long id = 1; id <= 50; id++) {
            s.upsert(new Monitor(id, monitor(id, Duration.ofSeconds(60)).spec(), false, START.minusSeconds(3600), START));
        }
        run(s, Duration.ofSeconds(150));

        long dueInGap = java.util.stream.LongStream.rangeClosed(1, 50)
                .filter(id -> Phase.nextDue(id, Duration.ofSeconds(60), START.minusMillis(101).toEpochMilli()) <= START.plusMillis(10).toEpochMilli())
                .count();
        assertThat(fired.stream().filter(DueRound::late).count()).isEqualTo(dueInGap);
    }
}
