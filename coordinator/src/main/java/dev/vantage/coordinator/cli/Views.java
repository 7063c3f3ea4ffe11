package dev.vantage.coordinator.cli;

import dev.vantage.common.text.Display;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import dev.vantage.common.time.Durations;
import dev.vantage.common.wire.WireEnums;
import dev.vantage.proto.v1.AgentInfo;
import dev.vantage.proto.v1.AlertEvent;
import dev.vantage.proto.v1.AlertKind;
import dev.vantage.proto.v1.FailingLocation;
import dev.vantage.proto.v1.Incident;
import dev.vantage.proto.v1.LocationInfo;
import dev.vantage.proto.v1.StoreHealth;
import dev.vantage.proto.v1.Monitor;
import dev.vantage.proto.v1.MonitorState;
import dev.vantage.proto.v1.MonitorStatus;
import dev.vantage.proto.v1.PolicySettings;
import dev.vantage.proto.v1.SlowLocation;
import dev.vantage.proto.v1.ProbeResult;
import dev.vantage.proto.v1.Token;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * What the CLI shows, translated from the admin API's messages at this edge. The same records
 * feed the tables and the {@code --json} output (field names become snake_case there), so a
 * script reads exactly what a person sees. Proto types go no further than this class and the commands.
 */
final class Views {
    private Views() {
    }

    /** A monitor definition. {@code interval}/{@code timeout} are written like {@code 1m}; the {@code _ms} twins are for arithmetic. */
    record MonitorView(long id, String name, String host, int port, String interval, long intervalMs, String timeout, long timeoutMs,
                       List<String> locations, boolean paused, Instant createdAt, Instant updatedAt, PolicyView policy) {
        String target() {
            return Views.target(host, port);
        }
    }

    /**
     * A monitor's alert policy. {@code failLocations} is "N" or "all" (sla only), {@code homeLocation} set for primary only;
     * {@code remindEvery} like {@code 30m}, empty without reminders; {@code channels} ({@code --notify}) empty means the default channels;
     * {@code blackouts} one line each as {@code --blackout} takes them; {@code alertWhen} like {@code 3 of 5} or
     * {@code 2m in 10m}, empty without a window; {@code retryInterval} like {@code 15s}, empty without one.
     */
    record PolicyView(String mode, String homeLocation, String failLocations, boolean localRetry, int startNotify, int stopNotify,
                      String remindEvery, boolean notifyOnClear, List<String> channels, List<String> blackouts,
                      String alertWhen, String retryInterval, SignalsView signals) {
        /** Like the CLI spells it: {@code sla --fail-locations 2}. */
        String describe() {
            return mode + (homeLocation.isEmpty() ? "" : " --home-location " + homeLocation)
                    + (failLocations.isEmpty() ? "" : " --fail-locations " + failLocations);
        }
    }

    /**
     * REGIONAL, slow-connect and flapping settings, named as the options: {@code regionalAfter} 0 is off;
     * {@code warnConnectTime} like {@code 200ms}, empty when off; {@code flapChanges} 0 is off.
     */
    record SignalsView(int regionalAfter, boolean notifyRegional, String warnConnectTime, int warnAfter, boolean notifySlow,
                       int flapChanges, String flapWindow) {
    }

    /** A location that failed: where, why, when (for REGIONAL: when it began failing). */
    record FailureView(String location, String reason, Instant at) {
    }

    /** A location that connected slower than {@code --warn-connect-time}: where, how long the connect took, when. */
    record SlowView(String location, BigDecimal connectMs, Instant at) {
    }

    /**
     * One alert. {@code sequence} is its place in the coordinator's alert log; {@code outageMs} and {@code clearReason}
     * are null unless it is a clear. An open or a reminder lists the locations failing ({@code failingLocations}); a clear
     * lists those that had failed ({@code failedLocations}), as they no longer fail. The other list is empty. {@code topic}
     * is outage (DOWN), regional, slow or flapping; a slow alert lists {@code slowLocations} instead of failures.
     */
    record AlertView(long sequence, String kind, String incidentId, int reminderNumber, long monitorId, String monitor,
                     String target, int statusCode, String status, List<FailureView> failingLocations,
                     List<FailureView> failedLocations, Instant firstFailureAt, Instant raisedAt, Long outageMs, String outage,
                     String clearReason, String topic, List<SlowView> slowLocations) {
    }

    /**
     * One incident; {@code clearedAt}, {@code outage} and {@code clearReason} are null while it is open. Like an alert, an
     * open incident lists its failing locations, a cleared one those that had failed.
     */
    record IncidentView(String incidentId, long monitorId, String monitor, String target, Instant firstFailureAt, Instant openedAt,
                        Instant clearedAt, String outage, List<FailureView> failingLocations, List<FailureView> failedLocations,
                        int alertsRaised, String clearReason, String topic) {
        boolean open() {
            return clearedAt == null;
        }
    }

    /**
     * One probe result. {@code reason} is "none" when connected; {@code connectMs} is null unless it connected;
     * {@code agent} and {@code address} are empty when unknown; {@code dueAt} is when the probe was due (for a scheduled
     * probe, its round's due time: the spacing of rounds, {@code --retry-interval} included); {@code slow} when it connected
     * slower than the monitor's {@code --warn-connect-time} (still status 0).
     */
    record ResultView(long jobId, long monitorId, String monitor, String location, String agent, String kind, int statusCode,
                      String status, String reason, BigDecimal connectMs, String address, Instant startedAt, String message,
                      Instant dueAt, boolean slow) {
        boolean connected() {
            return statusCode == StatusCode.OK.code();
        }
    }

    /**
     * A period with no active coordinator, among a monitor's results ({@code kind} "gap"): its rounds due then did not
     * run; the first one owed runs once afterwards, as a "late" result.
     */
    record GapView(String kind, String status, Instant from, Instant to, long seconds) {
        static GapView of(dev.vantage.proto.v1.CoordinatorGap g) {
            Instant from = Instant.ofEpochMilli(g.getFromUnixMs());
            Instant to = Instant.ofEpochMilli(g.getToUnixMs());
            return new GapView("gap", "coordinator unavailable", from, to, java.time.Duration.between(from, to).toSeconds());
        }
    }

    /**
     * A monitor with its state (UP, WARNING, DOWN, REGIONAL, FLAPPING, UNKNOWN, PAUSED, BLACKOUT), since when (null if
     * unknown), the failing locations (WARNING, DOWN, FLAPPING; for REGIONAL each with when it began failing), the open
     * incident (empty if none), the end of an active blackout (null if none), the newest result of each location and
     * the locations connecting slower than {@code --warn-connect-time}.
     */
    record StatusView(MonitorView monitor, String state, Instant since, List<FailureView> failingLocations, String incidentId,
                      Instant blackoutUntil, List<ResultView> lastResults, long roundsSkipped, List<SlowView> slowLocations) {
    }

    /** {@code resultsWaiting}: results the agent holds that the coordinator has not yet acknowledged as stored. */
    record AgentView(String agent, String version, String hostname, List<String> sourceAddresses, String peerAddress,
                     Instant connectedAt, Instant lastHeartbeat, int inFlight, int maxInFlight, int resultsWaiting) {
    }

    /**
     * "store: FAILING since 2026-11-26 12:00:03Z: PROBLEM; 1200 results queued, agents keep theirs until they are stored";
     * empty while results reach the store.
     */
    static Optional<String> storeWarning(StoreHealth h) {
        if (!h.getFailing()) {
            return Optional.empty();
        }
        return Optional.of("store: FAILING since " + ResultColumn.Texts.time(Instant.ofEpochMilli(h.getFailingSinceUnixMs())) + ": "
                + Display.escape(h.getProblem()) + "; " + h.getResultsQueued()
                + " results queued, agents keep theirs until they are stored");
    }

    /**
     * A location, its connected agents (empty: no agent) and its health from its canaries: {@code unchecked} (no
     * canaries), {@code healthy} or {@code degraded}, since when (null if it never changed), and the latest canary
     * round (connected of answered; {@code canaryRoundAt} null before the first).
     */
    record LocationView(String name, List<AgentView> agents, String health, Instant healthSince, List<String> canaries,
                        int canariesConnected, int canariesAnswered, Instant canaryRoundAt) {
    }

    /** An API token as anyone may see it; {@code lastUsedAt} null when never used. Never a secret. */
    record TokenView(String name, String role, Instant createdAt, Instant lastUsedAt) {
    }

    static TokenView token(Token t) {
        return new TokenView(t.getName(), t.getRole(), Instant.ofEpochMilli(t.getCreatedAtUnixMs()),
                t.getLastUsedAtUnixMs() == 0 ? null : Instant.ofEpochMilli(t.getLastUsedAtUnixMs()));
    }

    static MonitorView monitor(Monitor m) {
        return new MonitorView(m.getId(), m.getName(), m.getHost(), m.getPort(),
                Durations.format(Duration.ofMillis(m.getIntervalMs())), m.getIntervalMs(),
                Durations.format(Duration.ofMillis(m.getTimeoutMs())), m.getTimeoutMs(),
                List.copyOf(m.getLocationsList()), m.getPaused(),
                Instant.ofEpochMilli(m.getCreatedAtUnixMs()), Instant.ofEpochMilli(m.getUpdatedAtUnixMs()), policy(m.getPolicy()));
    }

    private static PolicyView policy(PolicySettings p) {
        return new PolicyView(p.getMode(), p.getHomeLocation(), p.getFailLocations(), p.getLocalRetry(), p.getStartNotify(),
                p.getStopNotify(), p.getRemindEveryMs() == 0 ? "" : Durations.format(Duration.ofMillis(p.getRemindEveryMs())),
                p.getNotifyOnClear(), List.copyOf(p.getNotify().getNamesList()), List.copyOf(p.getBlackouts().getLinesList()),
                p.getAlertWhen(), p.getRetryIntervalMs() == 0 ? "" : Durations.format(Duration.ofMillis(p.getRetryIntervalMs())),
                new SignalsView(p.getRegionalAfter(), p.getNotifyRegional(),
                        p.getWarnConnectTimeMs() == 0 ? "" : Durations.format(Duration.ofMillis(p.getWarnConnectTimeMs())),
                        p.getWarnAfter(), p.getNotifySlow(), p.getFlapChanges(),
                        Durations.format(Duration.ofMillis(p.getFlapWindowMs()))));
    }

    static SlowView slow(SlowLocation s) {
        return new SlowView(s.getLocation(), millis(s.getConnectNanos()), Instant.ofEpochMilli(s.getAtUnixMs()));
    }

    private static BigDecimal millis(long nanos) {
        return BigDecimal.valueOf(nanos, 6).setScale(3, RoundingMode.HALF_UP);
    }

    static FailureView failure(FailingLocation f) {
        return new FailureView(f.getLocation(), WireEnums.fromWire(f.getReason()).label(), Instant.ofEpochMilli(f.getAtUnixMs()));
    }

    static AlertView alert(AlertEvent a) {
        boolean clear = a.getKind() == AlertKind.ALERT_KIND_CLEAR || a.getKind() == AlertKind.ALERT_KIND_LOCATION_RECOVERED;
        List<FailureView> failures = a.getFailingLocationsList().stream().map(Views::failure).toList();
        return new AlertView(a.getSequence(), a.getKind().name().substring("ALERT_KIND_".length()), a.getIncidentId(),
                a.getReminderNumber(), a.getMonitorId(), a.getMonitorName(), target(a.getHost(), a.getPort()), a.getStatusCode(),
                a.getStatusText(), clear ? List.of() : failures, clear ? failures : List.of(),
                Instant.ofEpochMilli(a.getFirstFailureAtUnixMs()), Instant.ofEpochMilli(a.getRaisedAtUnixMs()),
                clear ? a.getOutageMs() : null, clear ? Durations.rounded(Duration.ofMillis(a.getOutageMs())) : null,
                clear ? clearReason(a.getClearReason()) : null, a.getTopic().isEmpty() ? "outage" : a.getTopic(),
                a.getSlowLocationsList().stream().map(Views::slow).toList());
    }

    static IncidentView incident(Incident i) {
        boolean cleared = i.getClearedAtUnixMs() != 0;
        List<FailureView> failures = i.getFailingLocationsList().stream().map(Views::failure).toList();
        return new IncidentView(i.getIncidentId(), i.getMonitorId(), i.getMonitorName(), target(i.getHost(), i.getPort()),
                Instant.ofEpochMilli(i.getFirstFailureAtUnixMs()), Instant.ofEpochMilli(i.getOpenedAtUnixMs()),
                cleared ? Instant.ofEpochMilli(i.getClearedAtUnixMs()) : null,
                cleared ? Durations.rounded(Duration.ofMillis(i.getOutageMs())) : null,
                cleared ? List.of() : failures, cleared ? failures : List.of(), i.getAlertsRaised(),
                cleared ? clearReason(i.getClearReason()) : null, i.getTopic().isEmpty() ? "outage" : i.getTopic());
    }

    /** A coordinator from before clear reasons sends none: every clear was then a recovery. */
    private static String clearReason(String wire) {
        return wire.isEmpty() ? "recovered" : wire;
    }

    private static String target(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static ResultView result(ProbeResult r) {
        int code = r.getStatusCode();
        boolean connected = code == StatusCode.OK.code();
        return new ResultView(r.getJobId(), r.getMonitorId(), r.getMonitorName(), r.getLocation(), r.getAgentId(),
                kind(r), code, statusText(code, r.getStatusText()), reason(r, connected).label(),
                connected ? millis(r.getConnectNanos()) : null,
                r.getAddress(), Instant.ofEpochMilli(r.getStartedAtUnixMs()), r.getMessage(), Instant.ofEpochMilli(r.getDueAtUnixMs()),
                r.getSlow());
    }

    static StatusView status(MonitorStatus s) {
        return new StatusView(monitor(s.getMonitor()), state(s.getState()),
                s.getSinceUnixMs() == 0 ? null : Instant.ofEpochMilli(s.getSinceUnixMs()),
                s.getFailingLocationsList().stream().map(Views::failure).toList(), s.getIncidentId(),
                s.getBlackoutUntilUnixMs() == 0 ? null : Instant.ofEpochMilli(s.getBlackoutUntilUnixMs()),
                s.getLastResultsList().stream().map(Views::result).toList(), s.getRoundsSkipped(),
                s.getSlowLocationsList().stream().map(Views::slow).toList());
    }

    static LocationView location(LocationInfo l) {
        return new LocationView(l.getName(), l.getAgentsList().stream().map(Views::agent).toList(),
                l.getHealth().isEmpty() ? "unchecked" : l.getHealth(),
                l.getHealthSinceUnixMs() == 0 ? null : Instant.ofEpochMilli(l.getHealthSinceUnixMs()), List.copyOf(l.getCanariesList()),
                l.getCanariesConnected(), l.getCanariesAnswered(),
                l.getCanaryRoundUnixMs() == 0 ? null : Instant.ofEpochMilli(l.getCanaryRoundUnixMs()));
    }

    private static AgentView agent(AgentInfo a) {
        return new AgentView(a.getAgentId(), a.getVersion(), a.getHostname(), List.copyOf(a.getSourceAddressesList()), a.getPeerAddress(),
                Instant.ofEpochMilli(a.getConnectedAtUnixMs()), Instant.ofEpochMilli(a.getLastHeartbeatUnixMs()),
                a.getInFlight(), a.getMaxInFlight(), a.getResultsWaiting());
    }

    private static String statusText(int code, String fromServer) {
        if (!fromServer.isEmpty()) {
            return fromServer;
        }
        for (StatusCode s : StatusCode.values()) {
            if (s.code() == code) {
                return s.text();
            }
        }
        return "status " + code;
    }

    private static FailureReason reason(ProbeResult r, boolean connected) {
        if (r.getReason() == dev.vantage.proto.v1.FailureReason.FAILURE_REASON_UNSPECIFIED) {
            return connected ? FailureReason.NONE : FailureReason.OTHER;
        }
        return WireEnums.fromWire(r.getReason());
    }

    private static String kind(ProbeResult r) {
        ResultKind kind = WireEnums.fromWire(r.getKind());
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String state(MonitorState state) {
        return switch (state) {
            case MONITOR_STATE_UP -> "UP";
            case MONITOR_STATE_WARNING -> "WARNING";
            case MONITOR_STATE_DOWN -> "DOWN";
            case MONITOR_STATE_PAUSED -> "PAUSED";
            case MONITOR_STATE_BLACKOUT -> "BLACKOUT";
            case MONITOR_STATE_REGIONAL -> "REGIONAL";
            case MONITOR_STATE_FLAPPING -> "FLAPPING";
            default -> "UNKNOWN";
        };
    }
}
