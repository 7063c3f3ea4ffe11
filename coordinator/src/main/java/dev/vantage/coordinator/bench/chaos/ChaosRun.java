package dev.vantage.coordinator.bench.chaos;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.bench.chaos.ChaosCount.Beat;
import dev.vantage.coordinator.bench.chaos.ChaosCount.Tally;
import dev.vantage.coordinator.bench.chaos.ChaosPlan.Kill;
import dev.vantage.coordinator.bench.chaos.ChaosPlan.Victim;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * One chaos run: monitors in a fresh store, real coordinator and agent processes, kills at the planned
 * moments with a restart at once (or a standby's takeover), then, once every result has had time to
 * arrive, the count of what the store holds.
 */
final class ChaosRun {
    /** One monitor in this many targets the refusing port, so that each of those raises one OPEN alert. */
    static final int DOWN_EVERY = 10;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Duration SETTLE_MAX = Duration.ofMinutes(1);

    private ChaosRun() {
    }

    record Settings(int monitors, int locations, Duration interval, Duration duration, int coordinatorKills, int agentKills,
                    boolean standby, long seed) {
        /** A quarter of the interval, at most 5 s: a round's three probes (try, retry, verification) fit its interval. */
        Duration timeout() {
            Duration quarter = interval.dividedBy(4);
            return quarter.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : quarter;
        }

        List<String> locationNames() {
            return IntStream.rangeClosed(1, locations).mapToObj(i -> "loc-" + i).toList();
        }
    }

    /**
     * How the run came back from one kill: when it happened (from the start of the window; later than planned
     * when the previous recovery was still going on), then times from the kill, -1 where it does not apply.
     *
     * @param servingAfterMillis     until a coordinator served again (/healthz 200)
     * @param agentsBackAfterMillis  until every agent was connected to it again
     */
    record Recovery(Victim victim, String killed, long atMillis, long servingAfterMillis, long agentsBackAfterMillis) {
    }

    record Outcome(Tally tally, long alertsExpected, StoreReadout.Alerts alerts, List<Recovery> recoveries) {
    }

    static Outcome run(Settings s, ChaosStore store, Path dir, Teardown teardown, Consumer<String> progress) throws Exception {
        List<Beat> beats = new ArrayList<>();
        ChaosTarget target = teardown.add(ChaosTarget.start());
        long down = populate(s, store, target, beats);
        List<Recovery> recoveries = new ArrayList<>();
        Fleet fleet = teardown.add(new Fleet(dir, store.coordinatorUrl(), s.locationNames(), s.standby() ? 2 : 1));
        bringUp(fleet);
        progress.accept("coordinator" + (s.standby() ? " and standby" : "") + " and " + s.locations() + " agent(s) up; measuring");
        long from = System.currentTimeMillis();
        long to = from + s.duration().toMillis();
        for (Kill k : ChaosPlan.plan(s.seed(), s.duration(), s.coordinatorKills(), s.agentKills(), s.locations())) {
            sleepUntil(from + k.atMillis());
            Recovery r = k.victim() == Victim.COORDINATOR ? killCoordinator(fleet, from) : killAgent(fleet, k.agentIndex(), from);
            recoveries.add(r);
            progress.accept(describe(r));
        }
        sleepUntil(to);
        progress.accept("window over; waiting for the last results");
        StoreReadout readout = store.readout();
        settle(s, readout, from, to);
        fleet.close();
        // Two intervals past the window: a catch-up round for a round due at its end runs a little later.
        Tally tally = ChaosCount.count(beats, from, to, readout.results(from, to + 2 * s.interval().toMillis()), readout.gaps());
        return new Outcome(tally, down, readout.alerts(), recoveries);
    }

    static String describe(Recovery r) {
        return String.format("killed %s at +%.1fs: %s", r.killed(), r.atMillis() / 1000.0,
                (r.servingAfterMillis() >= 0 ? String.format("serving again after %.1fs, ", r.servingAfterMillis() / 1000.0) : "")
                        + String.format("all agents connected after %.1fs", r.agentsBackAfterMillis() / 1000.0));
    }

    /** @return how many monitors target the refusing port */
    private static long populate(Settings s, ChaosStore chaosStore, ChaosTarget target, List<Beat> beats) {
        long down = 0;
        try (Store store = StoreFactory.open(StoreConfig.of(chaosStore.coordinatorUrl()))) {
            List<MonitorSpec> batch = new ArrayList<>();
            for (int i = 1; i <= s.monitors(); i++) {
                boolean refused = i % DOWN_EVERY == 0;
                down += refused ? 1 : 0;
                batch.add(new MonitorSpec("chaos-" + i, ChaosTarget.HOST, refused ? target.refusingPort() : target.openPort(),
                        s.interval(), s.timeout(), s.locationNames()));
                if (batch.size() == 10_000 || i == s.monitors()) {
                    for (Monitor m : store.createMonitors(batch, Instant.now())) {
                        beats.add(new Beat(m.id(), m.spec().interval(), m.spec().locations()));
                    }
                    batch.clear();
                }
            }
        }
        return down;
    }

    private static void bringUp(Fleet fleet) throws Exception {
        fleet.startCoordinator(0);
        await(() -> fleet.health(0).serving(), START_TIMEOUT, "the coordinator did not start", fleet.coordinator(0));
        for (int i = 0; i < fleet.agentCount(); i++) {
            fleet.startAgent(i);
        }
        await(() -> fleet.health(0).agents() == fleet.agentCount(), START_TIMEOUT, "the agents did not connect", fleet.agent(0));
        if (fleet.slots() == 2) {
            fleet.startCoordinator(1);
            await(() -> fleet.answers(1), START_TIMEOUT, "the standby coordinator did not start", fleet.coordinator(1));
        }
    }

    private static Recovery killCoordinator(Fleet fleet, long from) throws Exception {
        await(() -> fleet.activeSlot().isPresent(), START_TIMEOUT, "no coordinator is active", fleet.coordinator(0));
        int slot = fleet.activeSlot().orElseThrow();
        Child killed = fleet.coordinator(slot);
        long at = System.currentTimeMillis() - from;
        long t0 = System.nanoTime();
        killed.kill();
        int next = fleet.slots() == 2 ? 1 - slot : slot;
        if (next == slot) {
            fleet.startCoordinator(slot);
        }
        long serving = await(() -> fleet.health(next).serving(), START_TIMEOUT,
                fleet.slots() == 2 ? "the standby did not take over" : "the restarted coordinator did not serve", fleet.coordinator(next), t0);
        long agentsBack = await(() -> fleet.health(next).agents() == fleet.agentCount(), START_TIMEOUT,
                "the agents did not reconnect", fleet.agent(0), t0);
        if (next != slot) {
            // The killed one comes back as the new standby, once the takeover is done (else it could win the lock itself).
            fleet.startCoordinator(slot);
            await(() -> fleet.answers(slot), START_TIMEOUT, "the new standby did not start", fleet.coordinator(slot));
        }
        return new Recovery(Victim.COORDINATOR, killed.name(), at, serving, agentsBack);
    }

    private static Recovery killAgent(Fleet fleet, int index, long from) throws Exception {
        int slot = fleet.activeSlot().orElse(0);
        Child killed = fleet.agent(index);
        long at = System.currentTimeMillis() - from;
        long t0 = System.nanoTime();
        killed.kill();
        fleet.startAgent(index);
        // The killed agent's stream ends with a reset; wait for the coordinator to see it gone, then for the new one.
        awaitQuietly(() -> fleet.health(slot).agents() < fleet.agentCount(), Duration.ofSeconds(5));
        long back = await(() -> fleet.health(slot).agents() == fleet.agentCount(), START_TIMEOUT, "the restarted agent did not connect",
                fleet.agent(index), t0);
        return new Recovery(Victim.AGENT, killed.name(), at, -1, back);
    }

    /**
     * Waits past the window until every result due in it could have arrived (a round's three probes, one
     * interval more for results an agent still holds), then until the count of stored rows stays the same
     * for a few seconds, at most a minute.
     */
    private static void settle(Settings s, StoreReadout readout, long from, long to) throws Exception {
        sleepUntil(to + s.interval().toMillis() + s.timeout().multipliedBy(3).toMillis() + 1000);
        long deadline = System.nanoTime() + SETTLE_MAX.toNanos();
        long last = -1;
        long sameSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long n = readout.resultCount(from, to);
            if (n != last) {
                last = n;
                sameSince = System.nanoTime();
            } else if (System.nanoTime() - sameSince >= QUIET.toNanos()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static long await(BooleanSupplier condition, Duration max, String failure, Child suspect) throws InterruptedException {
        return await(condition, max, failure, suspect, System.nanoTime());
    }

    /** @return milliseconds from {@code startNanos} until the condition held */
    private static long await(BooleanSupplier condition, Duration max, String failure, Child suspect, long startNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new ChaosFailure(failure + " within " + max.toSeconds() + "s; the last lines of " + suspect.log() + ":"
                        + System.lineSeparator() + suspect.tail(15));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void awaitQuietly(BooleanSupplier condition, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            TimeUnit.MILLISECONDS.sleep(wait);
        }
    }

    /** The run could not go on (a process did not come up); the message says which and shows its log. */
    static final class ChaosFailure extends RuntimeException {
        ChaosFailure(String message) {
            super(message);
        }
    }
}
