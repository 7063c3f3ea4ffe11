package dev.vantage.coordinator.api;

import dev.vantage.common.config.HostPort;
import dev.vantage.coordinator.store.CoordinatorGap;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.wire.WireEnums;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.ClearReason;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.SlowConnect;
import dev.vantage.coordinator.location.LocationHealth;
import dev.vantage.coordinator.dispatch.AgentInfo;
import dev.vantage.coordinator.dispatch.AgentSession;
import dev.vantage.coordinator.alert.MonitorState;
import dev.vantage.proto.v1.AgentInfo.Builder;
import dev.vantage.proto.v1.StoreHealth;
import dev.vantage.coordinator.store.ResultWriter;
import dev.vantage.coordinator.monitor.ApplyOutcome;
import dev.vantage.coordinator.monitor.FieldChange;
import dev.vantage.proto.v1.AlertEvent;
import dev.vantage.proto.v1.MonitorOutcome;
import dev.vantage.coordinator.report.AvailabilityReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Domain ⇄ vantage.v1 messages of the admin and alert APIs. */
final class ProtoMapping {
    private ProtoMapping() {
    }

    static dev.vantage.proto.v1.Monitor toProto(Monitor m) {
        return dev.vantage.proto.v1.Monitor.newBuilder()
                .setId(m.id())
                .setName(m.spec().name())
                .setHost(m.spec().host())
                .setPort(m.spec().port())
                .setIntervalMs(m.spec().interval().toMillis())
                .setTimeoutMs(m.spec().timeout().toMillis())
                .addAllLocations(m.spec().locations())
                .setPaused(m.paused())
                .setCreatedAtUnixMs(m.createdAt().toEpochMilli())
                .setUpdatedAtUnixMs(m.updatedAt().toEpochMilli())
                .setPolicy(PolicyMapping.toProto(m.spec().policy()))
                .build();
    }

    static MonitorOutcome toProto(ApplyOutcome o) {
        MonitorOutcome.Builder b = MonitorOutcome.newBuilder()
                .setIndex(o.index())
                .setName(o.name())
                .setAction(switch (o.action()) {
                    case UNCHANGED -> MonitorOutcome.Action.ACTION_UNCHANGED;
                    case CREATE -> MonitorOutcome.Action.ACTION_CREATE;
                    case UPDATE -> MonitorOutcome.Action.ACTION_UPDATE;
                    case DELETE -> MonitorOutcome.Action.ACTION_DELETE;
                    case INVALID -> MonitorOutcome.Action.ACTION_INVALID;
                })
                .setError(o.error());
        for (FieldChange c : o.changes()) {
            b.addChangesBuilder().setField(c.field()).setBefore(c.before()).setAfter(c.after());
        }
        return b.build();
    }

    static dev.vantage.proto.v1.FailingLocation toProto(LocationFailure f) {
        return dev.vantage.proto.v1.FailingLocation.newBuilder()
                .setLocation(f.location())
                .setReason(WireEnums.toWire(f.reason()))
                .setAtUnixMs(f.at().toEpochMilli())
                .build();
    }

    static dev.vantage.proto.v1.SlowLocation toProto(SlowConnect c) {
        return dev.vantage.proto.v1.SlowLocation.newBuilder()
                .setLocation(c.location())
                .setConnectNanos(c.connectTime().toNanos())
                .setAtUnixMs(c.at().toEpochMilli())
                .build();
    }

    /** An alert as gRPC consumers get it; {@code sequence} is its place in the alert log. */
    static AlertEvent toProto(Alert a) {
        return AlertEvent.newBuilder()
                .setSequence(a.sequence())
                .setKind(switch (a.kind()) {
                    case OPEN -> dev.vantage.proto.v1.AlertKind.ALERT_KIND_OPEN;
                    case REMINDER -> dev.vantage.proto.v1.AlertKind.ALERT_KIND_REMINDER;
                    case CLEAR -> dev.vantage.proto.v1.AlertKind.ALERT_KIND_CLEAR;
                    case LOCATION_DEGRADED -> dev.vantage.proto.v1.AlertKind.ALERT_KIND_LOCATION_DEGRADED;
                    case LOCATION_RECOVERED -> dev.vantage.proto.v1.AlertKind.ALERT_KIND_LOCATION_RECOVERED;
                })
                .setIncidentId(a.incidentId())
                .setReminderNumber(a.reminderNumber())
                .setMonitorId(a.monitorId())
                .setMonitorName(a.monitorName())
                .setHost(a.host())
                .setPort(a.port())
                .setStatusCode(a.statusCode())
                .setStatusText(a.status().text())
                .addAllFailingLocations(a.failingLocations().stream().map(ProtoMapping::toProto).toList())
                .setFirstFailureAtUnixMs(a.firstFailureAt().toEpochMilli())
                .setRaisedAtUnixMs(a.raisedAt().toEpochMilli())
                .setOutageMs(a.outage().map(Duration::toMillis).orElse(0L))
                .setIdempotencyKey(a.idempotencyKey())
                .setClearReason(a.clearReason().map(ClearReason::label).orElse(""))
                .setTopic(a.topic().label())
                .addAllSlowLocations(a.slowLocations().stream().map(ProtoMapping::toProto).toList())
                .build();
    }

    /** A result of {@code m}, flagged slow when it connected slower than the monitor's {@code --warn-connect-time}. */
    static dev.vantage.proto.v1.ProbeResult toProto(ProbeResult r, Monitor m) {
        boolean slow = r.outcome().connected() && m.spec().policy().signals().isSlow(r.outcome().connectNanos());
        return toProto(r, m.name()).toBuilder().setSlow(slow).build();
    }

    static dev.vantage.proto.v1.ProbeResult toProto(ProbeResult r, String monitorName) {
        return dev.vantage.proto.v1.ProbeResult.newBuilder()
                .setJobId(r.jobId())
                .setMonitorId(r.monitorId())
                .setMonitorName(monitorName)
                .setLocation(r.location())
                .setAgentId(r.agentId())
                .setKind(WireEnums.toWire(r.kind()))
                .setStatusCode(r.outcome().status().code())
                .setStatusText(r.outcome().status().text())
                .setReason(WireEnums.toWire(r.outcome().reason()))
                .setConnectNanos(r.outcome().connectNanos())
                .setAddress(r.outcome().address())
                .setStartedAtUnixMs(r.outcome().startedAt().toEpochMilli())
                .setDueAtUnixMs(r.dueAt().toEpochMilli())
                .setMessage(r.outcome().message())
                .build();
    }

    static dev.vantage.proto.v1.MonitorState toProto(MonitorState s) {
        return switch (s) {
            case UNKNOWN -> dev.vantage.proto.v1.MonitorState.MONITOR_STATE_UNKNOWN;
            case UP -> dev.vantage.proto.v1.MonitorState.MONITOR_STATE_UP;
            case WARNING -> dev.vantage.proto.v1.MonitorState.MONITOR_STATE_WARNING;
            case DOWN -> dev.vantage.proto.v1.MonitorState.MONITOR_STATE_DOWN;
            case PAUSED -> dev.vantage.proto.v1.MonitorState.MONITOR_STATE_PAUSED;
            case BLACKOUT -> dev.vantage.proto.v1.MonitorState.MONITOR_STATE_BLACKOUT;
            case REGIONAL -> dev.vantage.proto.v1.MonitorState.MONITOR_STATE_REGIONAL;
            case FLAPPING -> dev.vantage.proto.v1.MonitorState.MONITOR_STATE_FLAPPING;
        };
    }

    static StoreHealth toProto(ResultWriter results) {
        StoreHealth.Builder b = StoreHealth.newBuilder().setResultsQueued(results.queued());
        results.failure().ifPresent(f -> b.setFailing(true).setFailingSinceUnixMs(f.since().toEpochMilli()).setProblem(f.problem()));
        return b.build();
    }

    static dev.vantage.proto.v1.AgentInfo toProto(AgentSession session) {
        AgentInfo info = session.info();
        Builder b = dev.vantage.proto.v1.AgentInfo.newBuilder()
                .setAgentId(info.agentId())
                .setVersion(info.version())
                .setHostname(info.hostname())
                .addAllSourceAddresses(info.sourceAddresses())
                .setConnectedAtUnixMs(info.connectedAt().toEpochMilli())
                .setLastHeartbeatUnixMs(session.lastHeartbeatMillis())
                .setMaxInFlight(info.maxInFlight())
                .setInFlight(session.inFlight())
                .setResultsWaiting(session.resultsWaiting())
                .setPeerAddress(info.peerAddress());
        return b.build();
    }

    static dev.vantage.proto.v1.MonitorReport toProto(AvailabilityReport r) {
        dev.vantage.proto.v1.MonitorReport.Builder b = dev.vantage.proto.v1.MonitorReport.newBuilder()
                .setMonitor(r.monitor())
                .setSinceUnixMs(r.since().toEpochMilli())
                .setUntilUnixMs(r.until().toEpochMilli())
                .setRounds(r.rounds())
                .setDownRounds(r.downRounds())
                .setNoAgentRounds(r.noAgentRounds())
                .setUnmonitoredMs(r.unmonitored().toMillis())
                .setCoordinatorUnavailableMs(r.coordinatorUnavailable().toMillis())
                .setIncidents(r.incidents())
                .setDowntimeMs(r.downtime().toMillis())
                .setLongestDowntimeMs(r.longestDowntime().toMillis());
        r.uptimePercent().ifPresent(b::setUptimePercent);
        r.meanTimeToRecovery().ifPresent(d -> b.setMttrMs(d.toMillis()));
        for (AvailabilityReport.LocationReport l : r.locations()) {
            dev.vantage.proto.v1.LocationReport.Builder lb = dev.vantage.proto.v1.LocationReport.newBuilder()
                    .setLocation(l.location()).setConnected(l.connected()).setFailed(l.failed()).setNoAgent(l.noAgent());
            l.uptimePercent().ifPresent(lb::setUptimePercent);
            l.connectTime().ifPresent(p -> lb.setP50Nanos(p.p50Nanos()).setP95Nanos(p.p95Nanos()).setP99Nanos(p.p99Nanos()));
            b.addLocations(lb);
        }
        return b.build();
    }

    /** A location's health from its canaries, onto its LocationInfo. */
    static void health(dev.vantage.proto.v1.LocationInfo.Builder b, LocationHealth h) {
        b.setHealth(h.health().name().toLowerCase(Locale.ROOT))
                .setHealthSinceUnixMs(h.since().map(Instant::toEpochMilli).orElse(0L))
                .addAllCanaries(h.canaries().stream().map(HostPort::toString).toList())
                .setCanariesConnected(h.lastConnected())
                .setCanariesAnswered(h.lastAnswered())
                .setCanaryRoundUnixMs(h.lastRoundAt().map(Instant::toEpochMilli).orElse(0L));
    }

    static dev.vantage.proto.v1.CoordinatorGap toProto(CoordinatorGap gap) {
        return dev.vantage.proto.v1.CoordinatorGap.newBuilder()
                .setFromUnixMs(gap.from().toEpochMilli())
                .setToUnixMs(gap.to().toEpochMilli())
                .build();
    }
}
