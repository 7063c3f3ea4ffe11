package dev.vantage.coordinator.api;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.wire.WireEnums;
import dev.vantage.coordinator.dispatch.AgentInfo;
import dev.vantage.coordinator.dispatch.AgentSession;
import dev.vantage.coordinator.status.MonitorState;
import dev.vantage.proto.v1.AgentInfo.Builder;

/** Domain ⇄ vantage.v1 messages of the admin API. */
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
                .build();
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
        };
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
                .setPeerAddress(info.peerAddress());
        return b.build();
    }
}
