package dev.vantage.coordinator.dispatch;

import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.time.CauseLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands jobs to the agents of their location and accounts for every one of them: each job
 * ends in exactly one result, from an agent or, when no agent could run it in time, a
 * "no agent available" result made here.
 *
 * <p>Any number of agents may serve a location: each job goes to the one with the most free
 * credit (max_in_flight minus jobs held; equals in turn), so agents of different sizes fill up
 * by room left, and the location keeps running while any one of them is connected.
 *
 * <p>Work in flight is bounded everywhere: an agent never holds more than the max_in_flight
 * it announced; jobs waiting for credit queue per location up to a bound and go stale at
 * their deadline; a job an agent does not answer in time is given up on. An agent that holds a
 * job past its timeout and has not been heard from (heartbeat or result) for the silence limit
 * is {@linkplain #presumedGone() presumed gone}, cut off without its stream ending (a frozen
 * process, a dead link): once dropped, what it held goes to another agent of its location within
 * the round, as on any disconnect.
 */
public final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int MAX_AGENTS_REMEMBERED = 10_000;

    private final Clock clock;
    private final Set<String> knownLocations;
    private final int maxWaitingPerLocation;
    private final Duration answerGrace;
    private final Duration reconnectGrace;
    private final Duration silenceLimit;
    /** Bits of a job id below the epoch: 2^40 jobs per tenure. */
    static final int JOB_COUNTER_BITS = 40;
    private final AtomicLong nextJobId;
    private final AtomicLong noAgentResults = new AtomicLong();
    private final CauseLog handlerFailures = CauseLog.perMinute();
    private final AtomicLong resendsRefused = new AtomicLong();
    private final AtomicLong resendsRefusedLoggedAt = new AtomicLong(Long.MIN_VALUE / 2);
    private static final long REFUSED_LOG_EVERY_MILLIS = 60_000;
    private final Map<String, Location> locations = new TreeMap<>();
    private final Map<Long, InFlight> inFlight = new HashMap<>();
    /**
     * Per agent id: how many results it may still send for jobs taken from it (given up on, or handed
     * elsewhere when its stream ended). A late answer uses one up; a result beyond them answers no
     * job the agent ever held. Bounded, oldest first out: a forgotten agent's late answers are refused.
     */
    private final Map<String, Long> lateAllowance = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_AGENTS_REMEMBERED;
        }
    };
    /** Set by {@link #stop}: no job is handed out or ended any more. */
    private boolean stopped;
    private final BiConsumer<Job, Instant> onPush;
    private final ResendCheck resends;
    private final Consumer<ProbeResult> resent;

    private static final class Location {
        final List<AgentSession> agents = new ArrayList<>();
        final ArrayDeque<Job> waiting = new ArrayDeque<>();
        /** Since when the location has had no agent (meaningful while {@code agents} is empty). */
        long agentlessSince;
        /** Where the next search for an agent starts, so that agents with equal room take jobs in turn. */
        int nextTurn;

        Location(long now) {
            agentlessSince = now;
        }
    }

    /** @param answerDueMillis when the job's timeout ran out at the agent: a live agent has answered by then */
    private record InFlight(Job job, AgentSession agent, long answerDueMillis, long giveUpAtMillis) {
    }

    /**
     * @param answerGrace    how long past its timeout a job may stay with an agent before it is given up on
     * @param reconnectGrace how long scheduled jobs of a location that lost its last agent (or has had none
     *                       since start-up) wait for one to connect before they end as "no agent available"
     * @param silenceLimit   an agent holding a job past its timeout and silent this long is presumed gone
     * @param onPush         told of every job pushed to an agent and when (for lateness figures)
     * @param epoch          the coordinator's fencing epoch: job ids are {@code epoch << 40 | counter}, so they never
     *                       repeat across restarts and failovers (an agent's late result cannot be taken for a new job's)
     * @param resends        which results of jobs this coordinator does not hold are legitimate resends
     * @param resent         stores those (and late answers to jobs given up on); they decide no round
     */
    public Dispatcher(long epoch, Clock clock, Set<String> knownLocations, int maxWaitingPerLocation, Duration answerGrace,
                      Duration reconnectGrace, Duration silenceLimit, BiConsumer<Job, Instant> onPush, ResendCheck resends,
                      Consumer<ProbeResult> resent) {
        this.clock = clock;
        this.knownLocations = Set.copyOf(knownLocations);
        this.maxWaitingPerLocation = maxWaitingPerLocation;
        this.answerGrace = answerGrace;
        this.reconnectGrace = reconnectGrace;
        this.silenceLimit = silenceLimit;
        this.onPush = onPush;
        this.nextJobId = new AtomicLong((epoch << JOB_COUNTER_BITS) | 1);
        this.resends = resends;
        this.resent = resent;
        for (String l : knownLocations) {
            locations.put(l, new Location(clock.millis()));
        }
    }

    public long newJobId() {
        return nextJobId.getAndIncrement();
    }

    public boolean isKnownLocation(String location) {
        return knownLocations.contains(location);
    }

    /** Adds a connected agent; its location must be known. */
    public AgentSession connect(AgentInfo info, JobSender sender) {
        AgentSession session = new AgentSession(info, sender);
        Map<AgentSession, List<Job>> drained;
        synchronized (this) {
            Location loc = locations.get(info.location());
            if (loc == null) {
                throw new IllegalArgumentException("unknown location " + info.location());
            }
            loc.agents.add(session);
            drained = drainWaiting(loc);
        }
        log.info("agent connected agent={} location={} peer={} max_in_flight={}",
                info.agentId(), info.location(), info.peerAddress(), info.maxInFlight());
        drained.forEach(this::push);
        return session;
    }

    /** Removes an agent; what it held is handed to another agent of its location or ends as "no agent available". */
    public void disconnect(AgentSession session, String why) {
        List<Job> orphans = new ArrayList<>();
        synchronized (this) {
            Location loc = locations.get(session.info().location());
            if (loc == null || !loc.agents.remove(session)) {
                return;
            }
            if (loc.agents.isEmpty()) {
                loc.agentlessSince = clock.millis();
            }
            for (Iterator<InFlight> it = inFlight.values().iterator(); it.hasNext(); ) {
                InFlight f = it.next();
                if (f.agent() == session) {
                    it.remove();
                    orphans.add(f.job());
                }
            }
            allowLate(session, orphans.size());
        }
        log.info("agent disconnected agent={} location={} reason={} jobs_reassigned={}",
                session.info().agentId(), session.info().location(), why, orphans.size());
        submit(orphans);
    }

    /** Assigns jobs to agents, queues them for credit, or ends them as "no agent available". */
    public void submit(List<Job> jobs) {
        Map<AgentSession, List<Job>> pushes = new HashMap<>();
        List<Job> noAgent = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            for (Job job : jobs) {
                Location loc = locations.get(job.location());
                if (loc == null || loc.agents.isEmpty() && !awaitsReconnect(loc, job)) {
                    noAgent.add(job);
                    continue;
                }
                AgentSession agent = pickAgent(loc);
                if (agent != null && loc.waiting.isEmpty()) {
                    assign(job, agent);
                    pushes.computeIfAbsent(agent, a -> new ArrayList<>()).add(job);
                } else if (loc.waiting.size() < maxWaitingPerLocation) {
                    loc.waiting.add(job);
                } else {
                    noAgent.add(job);
                }
            }
        }
        pushes.forEach(this::push);
        for (Job job : noAgent) {
            finish(job, "", ProbeOutcome.noAgent(clock.instant(), "no agent of location " + job.location() + " is connected"));
        }
    }

    /**
     * Takes an agent's results. A result of a job the agent holds ends the job (and feeds its round).
     * A late answer to a job taken from the agent (given up on, or handed to another agent when its
     * stream ended) and a resend of a job an earlier coordinator gave it ({@link ResendCheck}) are
     * stored as they are and decide nothing; the store keeps one row per result identity. A resend
     * that is not plausible (its monitor was deleted meanwhile, or it is older than the results kept)
     * is dropped and counted in the log; a result with no job and no identity is counted and dropped.
     *
     * @return how many results answered no job this agent held or lost: anything but 0 means a broken
     *         or hostile agent, for the caller to disconnect
     * @throws RuntimeException when the store cannot tell whether a resend is legitimate; the agent keeps it
     */
    public int complete(AgentSession session, List<AgentOutcome> outcomes) {
        List<Job> done = new ArrayList<>(outcomes.size());
        List<ProbeOutcome> found = new ArrayList<>(outcomes.size());
        List<AgentOutcome> late = new ArrayList<>();
        List<AgentOutcome> unknown = new ArrayList<>();
        Map<AgentSession, List<Job>> next;
        session.heard(clock.millis());
        synchronized (this) {
            for (AgentOutcome o : outcomes) {
                InFlight f = inFlight.get(o.jobId());
                if (f == null || f.agent() != session || !o.answers(f.job())) {
                    if (useLateAllowance(session)) {
                        late.add(o);
                    } else {
                        unknown.add(o);
                    }
                    continue;
                }
                inFlight.remove(o.jobId());
                session.addInFlight(-1);
                done.add(f.job());
                found.add(o.outcome());
            }
            Location loc = locations.get(session.info().location());
            next = loc == null ? Map.of() : drainWaiting(loc);
        }
        for (int i = 0; i < done.size(); i++) {
            finish(done.get(i), session.info().agentId(), found.get(i));
        }
        next.forEach(this::push);
        String location = session.info().location();
        int unaccounted = 0;
        int refused = 0;
        for (AgentOutcome o : unknown) {
            if (!o.echoed()) {
                unaccounted++;
            } else if (resends.plausible(location, o.monitorId(), o.dueAt())) { // outside the lock: it may read the store
                late.add(o);
            } else {
                refused++;
            }
        }
        if (refused > 0) {
            refusedResends(session, refused);
        }
        for (AgentOutcome o : late) {
            if (o.echoed()) {
                resent.accept(new ProbeResult(o.jobId(), o.monitorId(), location, session.info().agentId(), o.kind(), o.dueAt(), o.outcome()));
            }
        }
        return unaccounted;
    }

    /** Ends jobs that waited for credit past their deadline and jobs agents did not answer in time. */
    public void expire() {
        long now = clock.millis();
        List<Job> stale = new ArrayList<>();
        List<InFlight> overdue = new ArrayList<>();
        synchronized (this) {
            for (Location loc : locations.values()) {
                boolean graceOver = loc.agents.isEmpty() && now >= loc.agentlessSince + reconnectGrace.toMillis();
                for (Iterator<Job> it = loc.waiting.iterator(); it.hasNext(); ) {
                    Job j = it.next();
                    if (graceOver || j.staleAtMillis() <= now) {
                        it.remove();
                        stale.add(j);
                    }
                }
            }
            for (Iterator<InFlight> it = inFlight.values().iterator(); it.hasNext(); ) {
                InFlight f = it.next();
                if (f.giveUpAtMillis() <= now) {
                    it.remove();
                    f.agent().addInFlight(-1);
                    allowLate(f.agent(), 1);
                    overdue.add(f);
                }
            }
        }
        Instant at = clock.instant();
        for (Job j : stale) {
            finish(j, "", ProbeOutcome.noAgent(at, "no agent of location " + j.location() + " was connected with room for the job in time"));
        }
        Map<String, Integer> overdueByAgent = new TreeMap<>();
        for (InFlight f : overdue) {
            overdueByAgent.merge(f.agent().info().agentId(), 1, Integer::sum);
            finish(f.job(), f.agent().info().agentId(),
                    ProbeOutcome.noAgent(at, "agent " + f.agent().info().agentId() + " did not report the result in time"));
        }
        // One line per agent and pass, not per job: an overloaded agent must not flood the log.
        overdueByAgent.forEach((agent, n) -> log.warn("agent did not answer in time agent={} jobs_given_up={}", agent, n));
        if (!stale.isEmpty()) {
            log.warn("jobs waited too long for an agent jobs_ended_no_agent={}", stale.size());
        }
    }

    /**
     * Agents presumed gone: holding a job past its timeout and silent longer than the silence limit.
     * The caller ends their streams and {@link #disconnect}s them, which hands their jobs on.
     */
    public synchronized Set<AgentSession> presumedGone() {
        long now = clock.millis();
        Set<AgentSession> out = new LinkedHashSet<>();
        for (InFlight f : inFlight.values()) {
            if (f.answerDueMillis() <= now && now - f.agent().lastHeartbeatMillis() > silenceLimit.toMillis()) {
                out.add(f.agent());
            }
        }
        return out;
    }

    /** Connected agents by location, every known location present. */
    public synchronized Map<String, List<AgentSession>> agentsByLocation() {
        Map<String, List<AgentSession>> out = new TreeMap<>();
        locations.forEach((name, loc) -> out.put(name, List.copyOf(loc.agents)));
        return out;
    }

    /** Per location, every known one: its connected agents, jobs waiting for credit, jobs with agents. */
    public synchronized Map<String, LocationLoad> loads() {
        Map<String, LocationLoad> out = new TreeMap<>();
        locations.forEach((name, loc) -> {
            int held = 0;
            for (AgentSession a : loc.agents) {
                held += a.inFlight();
            }
            out.put(name, new LocationLoad(loc.agents.size(), loc.waiting.size(), held));
        });
        return out;
    }

    /**
     * Stops for good, on a planned stop once the jobs handed out were answered or waiting for them took too long:
     * from now on no job is handed to an agent, and none is ended as "no agent available" (jobs submitted later,
     * waiting for credit, or held by an agent whose stream ends). Their rounds are not stored by this coordinator, so
     * the next one runs them late (catch-up) instead of inheriting a result no agent produced.
     *
     * @return the jobs dropped now (waiting for credit, or held by agents)
     */
    public synchronized int stop() {
        stopped = true;
        int dropped = inFlight.size();
        for (Location loc : locations.values()) {
            dropped += loc.waiting.size();
            loc.waiting.clear();
        }
        return dropped;
    }

    /** Jobs that ended as "no agent available" since start-up. */
    public long noAgentResults() {
        return noAgentResults.get();
    }

    /** Jobs not yet ended: with agents or waiting for their credit. */
    public synchronized int jobsPending() {
        int waiting = 0;
        for (Location loc : locations.values()) {
            waiting += loc.waiting.size();
        }
        return inFlight.size() + waiting;
    }

    /**
     * A test on demand answers at once. A scheduled job waits (bounded, until it is stale) while its
     * location is within the reconnect grace, so an agent's reconnect or a coordinator restart costs
     * no probes; past the grace, a location without agents answers at once.
     */
    private boolean awaitsReconnect(Location loc, Job job) {
        return job.kind() != ResultKind.ON_DEMAND && clock.millis() < loc.agentlessSince + reconnectGrace.toMillis();
    }

    /** One line a minute at most, with the count: a resend storm must not flood the log. */
    private void refusedResends(AgentSession session, int count) {
        long total = resendsRefused.addAndGet(count);
        long now = clock.millis();
        long last = resendsRefusedLoggedAt.get();
        if (now - last >= REFUSED_LOG_EVERY_MILLIS && resendsRefusedLoggedAt.compareAndSet(last, now)) {
            log.warn("dropped resent results that no monitor of the agent's location may have now (monitor deleted, or older than "
                    + "results.retention) agent={} location={} count={} total={}", session.info().agentId(), session.info().location(),
                    count, total);
        }
    }

    /** Caller holds the lock. */
    private void allowLate(AgentSession session, int jobs) {
        if (jobs > 0) {
            lateAllowance.merge(session.info().agentId(), (long) jobs, Long::sum);
        }
    }

    /** Caller holds the lock. */
    private boolean useLateAllowance(AgentSession session) {
        String agentId = session.info().agentId();
        Long left = lateAllowance.get(agentId);
        if (left == null) {
            return false;
        }
        if (left <= 1) {
            lateAllowance.remove(agentId);
        } else {
            lateAllowance.put(agentId, left - 1);
        }
        return true;
    }

    /**
     * The agent to give the next job: the one with the most free credit, equals in turn (so that light
     * load, one job at a time, still spreads over every agent); null when none has any. Caller holds the
     * lock and assigns the job to it.
     */
    private AgentSession pickAgent(Location loc) {
        int n = loc.agents.size();
        int bestIndex = -1;
        int bestFree = 0;
        for (int i = 0; i < n; i++) {
            int index = (loc.nextTurn + i) % n;
            AgentSession a = loc.agents.get(index);
            int free = a.info().maxInFlight() - a.inFlight();
            if (free > bestFree) {
                bestIndex = index;
                bestFree = free;
            }
        }
        if (bestIndex < 0) {
            return null;
        }
        loc.nextTurn = (bestIndex + 1) % n;
        return loc.agents.get(bestIndex);
    }

    /** Moves waiting jobs to agents with credit; caller holds the lock and pushes the result. */
    private Map<AgentSession, List<Job>> drainWaiting(Location loc) {
        if (stopped || loc.waiting.isEmpty()) {
            return Map.of();
        }
        Map<AgentSession, List<Job>> out = new HashMap<>();
        AgentSession agent;
        while (!loc.waiting.isEmpty() && (agent = pickAgent(loc)) != null) {
            Job job = loc.waiting.poll();
            assign(job, agent);
            out.computeIfAbsent(agent, a -> new ArrayList<>()).add(job);
        }
        return out;
    }

    private void assign(Job job, AgentSession agent) {
        long answerDue = clock.millis() + job.target().timeout().toMillis();
        inFlight.put(job.jobId(), new InFlight(job, agent, answerDue, answerDue + answerGrace.toMillis()));
        agent.addInFlight(1);
    }

    private void push(AgentSession session, List<Job> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        session.sender().send(jobs);
    }

    /** Called by senders when jobs actually leave for an agent. */
    public void pushed(List<Job> jobs) {
        Instant at = clock.instant();
        for (Job j : jobs) {
            onPush.accept(j, at);
        }
    }

    private void finish(Job job, String agentId, ProbeOutcome outcome) {
        if (!outcome.status().isTargetVerdict()) {
            noAgentResults.incrementAndGet();
        }
        try {
            job.onResult().accept(new ProbeResult(job.jobId(), job.monitorId(), job.location(), agentId, job.kind(), job.dueAt(), outcome));
        } catch (RuntimeException e) {
            // A failing store fails every round's save: one line per cause a minute, the stack trace with the first.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            handlerFailures.failed(root.toString(), (cause, count) -> {
                if (count == 1) {
                    log.error("result handler failed job={} monitor={}", job.jobId(), job.monitorId(), e);
                } else {
                    log.error("result handler failed job={} monitor={} failures_since_last_line={} error={}", job.jobId(), job.monitorId(),
                            count, e.toString());
                }
            });
        }
    }
}
