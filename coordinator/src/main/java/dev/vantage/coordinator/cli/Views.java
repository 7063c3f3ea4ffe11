package dev.vantage.coordinator.cli;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import dev.vantage.common.time.Durations;
import dev.vantage.common.wire.WireEnums;
import dev.vantage.proto.v1.AgentInfo;
import dev.vantage.proto.v1.LocationInfo;
import dev.vantage.proto.v1.Monitor;
import dev.vantage.proto.v1.MonitorState;
import dev.vantage.proto.v1.MonitorStatus;
import dev.vantage.proto.v1.ProbeResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
                       List<String> locations, boolean paused, Instant createdAt, Instant updatedAt) {
        String target() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * One probe result. {@code reason} is "none" when connected; {@code connectMs} is null unless it connected;
     * {@code agent} and {@code address} are empty when unknown.
     */
    record ResultView(long jobId, long monitorId, String monitor, String location, String agent, String kind, int statusCode,
                      String status, String reason, BigDecimal connectMs, String address, Instant startedAt, String message) {
        boolean connected() {
            return statusCode == StatusCode.OK.code();
        }
    }

    /** A monitor with its state (UP, WARNING, DOWN, UNKNOWN, PAUSED, BLACKOUT) and the newest result of each location. */
    record StatusView(MonitorView monitor, String state, List<ResultView> lastResults) {
    }

    record AgentView(String agent, String version, String hostname, List<String> sourceAddresses, String peerAddress,
                     Instant connectedAt, Instant lastHeartbeat, int inFlight, int maxInFlight) {
    }

    /** A location and its connected agents (empty: no agent). */
    record LocationView(String name, List<AgentView> agents) {
    }

    static MonitorView monitor(Monitor m) {
        return new MonitorView(m.getId(), m.getName(), m.getHost(), m.getPort(),
                Durations.format(Duration.ofMillis(m.getIntervalMs())), m.getIntervalMs(),
                Durations.format(Duration.ofMillis(m.getTimeoutMs())), m.getTimeoutMs(),
                List.copyOf(m.getLocationsList()), m.getPaused(),
                Instant.ofEpochMilli(m.getCreatedAtUnixMs()), Instant.ofEpochMilli(m.getUpdatedAtUnixMs()));
    }

    static ResultView result(ProbeResult r) {
        int code = r.getStatusCode();
        boolean connected = code == StatusCode.OK.code();
        return new ResultView(r.getJobId(), r.getMonitorId(), r.getMonitorName(), r.getLocation(), r.getAgentId(),
                kind(r), code, statusText(code, r.getStatusText()), reason(r, connected).label(),
                connected ? BigDecimal.valueOf(r.getConnectNanos(), 6).setScale(3, RoundingMode.HALF_UP) : null,
                r.getAddress(), Instant.ofEpochMilli(r.getStartedAtUnixMs()), r.getMessage());
    }

    static StatusView status(MonitorStatus s) {
        return new StatusView(monitor(s.getMonitor()), state(s.getState()),
                s.getLastResultsList().stream().map(Views::result).toList());
    }

    static LocationView location(LocationInfo l) {
        return new LocationView(l.getName(), l.getAgentsList().stream().map(Views::agent).toList());
    }

    private static AgentView agent(AgentInfo a) {
        return new AgentView(a.getAgentId(), a.getVersion(), a.getHostname(), List.copyOf(a.getSourceAddressesList()), a.getPeerAddress(),
                Instant.ofEpochMilli(a.getConnectedAtUnixMs()), Instant.ofEpochMilli(a.getLastHeartbeatUnixMs()),
                a.getInFlight(), a.getMaxInFlight());
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
            default -> "UNKNOWN";
        };
    }
}
